package io.voiceagents.outbound.application;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.outbound.application.port.CallStatusStore;
import io.voiceagents.outbound.application.port.CallStatusStore.CallRef;
import io.voiceagents.outbound.application.port.CallStatusStore.StatusChange;
import io.voiceagents.outbound.application.port.CallStatusStore.StatusFacts;
import io.voiceagents.outbound.application.port.TwilioCalls.TwilioCall;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Follows outbound calls through what call-gateway publishes (CallEvents) and what Twilio answers when asked. A
 * status only moves forward: one conditional UPDATE decides, so duplicates, late events and racing replicas
 * change nothing, and the outbox event and {@link OutboundCallEnded} follow a real change only.
 */
@ApplicationScoped
public class CallStatusTracker {

    private static final Logger LOG = Logger.getLogger(CallStatusTracker.class);

    private final CallStatusStore store;
    private final CallTransitions transitions;

    @Inject
    public CallStatusTracker(CallStatusStore store, CallTransitions transitions) {
        this.store = store;
        this.transitions = transitions;
    }

    /** Applies a CallEvent; events of calls this service did not place change nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StatusChange> onCallEvent(CallEvent event) {
        Optional<OutboundCallStatus> status = OutboundCallStatus.fromTwilio(event.status());
        if (status.isEmpty()) {
            return Optional.empty();
        }
        UUID id = parseId(event.outboundCallId());
        if (id == null && event.callSid() == null) {
            return Optional.empty();
        }
        // the id comes from the signed webhook URL, the safest match; the SID covers events without it
        CallRef ref = new CallRef(id, id == null ? event.callSid() : null);
        Instant at = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        Optional<StatusChange> change = store.advance(ref, new StatusFacts(status.get(), event.callSid(), at,
                event.durationSeconds(), event.answeredBy()));
        change.ifPresent(c -> {
            LOG.debugf("outbound call %s: %s -> %s (call event %s)", c.call().id(), c.previous().wireName(),
                    c.call().status().wireName(), event.eventId());
            transitions.changed(c);
        });
        return change;
    }

    /** Applies the state Twilio reported for the call (fetch, cancel, reconciliation). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StatusChange> onTwilioState(OutboundCall call, TwilioCall twilio) {
        Optional<OutboundCallStatus> status = OutboundCallStatus.fromTwilio(twilio.status());
        if (status.isEmpty()) {
            return Optional.empty();
        }
        Optional<StatusChange> change = store.advance(new CallRef(call.id(), null),
                new StatusFacts(status.get(), twilio.sid(), Instant.now(), twilio.durationSeconds(), twilio.answeredBy()));
        change.ifPresent(transitions::changed);
        return change;
    }

    private static UUID parseId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
