package io.voiceagents.outbound.application;

import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.voiceagents.outbound.application.RejectedException.Kind;
import io.voiceagents.outbound.application.port.CallStatusStore;
import io.voiceagents.outbound.application.port.CallStatusStore.Guard;
import io.voiceagents.outbound.application.port.CallStatusStore.StatusChange;
import io.voiceagents.outbound.application.port.DialQueue;
import io.voiceagents.outbound.application.port.OutboundCallRepository;
import io.voiceagents.outbound.application.port.TwilioCallException;
import io.voiceagents.outbound.application.port.TwilioCalls;
import io.voiceagents.outbound.application.port.TwilioCalls.TwilioCall;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Cancels an outbound call that has not been answered: a queued call is canceled here and never dialed; a call
 * Twilio is dialing or ringing is canceled at Twilio (Status=canceled) and then here; a call whose create request
 * is in flight gets its cancel recorded and applied as soon as its SID is known. Answered or ended calls cannot be
 * canceled.
 */
@ApplicationScoped
public class CancelOutboundCall {

    private static final Logger LOG = Logger.getLogger(CancelOutboundCall.class);
    private static final int ATTEMPTS = 3;

    /** @param pending true when the cancel waits for the in-flight create request */
    public record Result(OutboundCall call, boolean pending) {
    }

    private final OutboundCallRepository calls;
    private final CallStatusStore store;
    private final DialQueue queue;
    private final TwilioCalls twilio;
    private final CallStatusTracker tracker;
    private final CallTransitions transitions;

    @Inject
    public CancelOutboundCall(OutboundCallRepository calls, CallStatusStore store, DialQueue queue, TwilioCalls twilio,
            CallStatusTracker tracker, CallTransitions transitions) {
        this.calls = calls;
        this.store = store;
        this.queue = queue;
        this.twilio = twilio;
        this.tracker = tracker;
        this.transitions = transitions;
    }

    public Result cancel(UUID id) {
        // the call may move between the read and the conditional change (a worker claims it): read again then
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            OutboundCall call = calls.find(id).orElseThrow(() -> notFound(id));
            switch (call.status()) {
                case QUEUED -> {
                    Optional<StatusChange> changed = finish(id, OutboundCallStatus.CANCELED, new Guard.Queued());
                    if (changed.isPresent()) {
                        return new Result(changed.get().call(), false);
                    }
                }
                case DIALING, RINGING -> {
                    if (call.callSid() != null) {
                        return cancelAtTwilio(call);
                    }
                    if (queue.requestCancel(id)) {
                        return new Result(calls.find(id).orElseThrow(() -> notFound(id)), true);
                    }
                }
                case IN_PROGRESS -> throw RejectedException.of(Kind.CONFLICT,
                        "Outbound call " + id + " was answered and is in progress: it can no longer be canceled.");
                default -> throw RejectedException.of(Kind.CONFLICT,
                        "Outbound call " + id + " already ended with status " + call.status().wireName() + ".");
            }
        }
        throw RejectedException.of(Kind.CONFLICT, "Outbound call " + id + " changed while it was being canceled; "
                + "read it and try again.");
    }

    /** After the SID of a call became known: applies a cancel that was asked while its create was in flight. */
    public void applyPendingCancel(UUID id) {
        Optional<OutboundCall> call = calls.find(id);
        if (call.isEmpty() || call.get().cancelRequestedAt() == null || call.get().status().isFinal()
                || call.get().callSid() == null) {
            return;
        }
        try {
            cancelAtTwilio(call.get());
        } catch (RejectedException | TwilioCallException e) {
            LOG.warnf("outbound call %s: the cancel asked while it was dialing could not be applied: %s", id,
                    e.getMessage());
        }
    }

    private Result cancelAtTwilio(OutboundCall call) {
        TwilioCall after;
        try {
            after = twilio.cancel(call.callSid());
        } catch (TwilioCallException e) {
            throw switch (e.kind()) {
                case RATE_LIMITED, UNCERTAIN -> RejectedException.of(Kind.UNAVAILABLE,
                        "Twilio did not confirm the cancel (" + e.reason() + "); try again.");
                case NOT_FOUND, PERMANENT -> RejectedException.of(Kind.BAD_GATEWAY,
                        "Twilio refused to cancel call " + call.callSid() + ": " + e.reason());
            };
        }
        if ("canceled".equals(after.status())) {
            Optional<StatusChange> changed = finish(call.id(), OutboundCallStatus.CANCELED, new Guard.NotFinal());
            return new Result(changed.map(StatusChange::call).or(() -> calls.find(call.id())).orElseThrow(), false);
        }
        // Twilio could not cancel: the callee answered meanwhile, or the call ended; record what Twilio says
        QuarkusTransaction.requiringNew().run(() -> tracker.onTwilioState(call, after));
        throw RejectedException.of(Kind.CONFLICT, "Outbound call " + call.id() + " could not be canceled: Twilio reports "
                + "it " + after.status() + ".");
    }

    private Optional<StatusChange> finish(UUID id, OutboundCallStatus status, Guard guard) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<StatusChange> changed = store.finish(id, status, null, null, guard);
            changed.ifPresent(transitions::changed);
            return changed;
        });
    }

    private static RejectedException notFound(UUID id) {
        return RejectedException.of(Kind.NOT_FOUND, "No outbound call with id " + id + ".");
    }
}
