package io.voiceagents.outbound.application;

import java.util.Optional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.voiceagents.outbound.application.port.CallStatusStore;
import io.voiceagents.outbound.application.port.CallStatusStore.Guard;
import io.voiceagents.outbound.application.port.CallStatusStore.StatusChange;
import io.voiceagents.outbound.application.port.DialMetrics;
import io.voiceagents.outbound.application.port.DialQueue;
import io.voiceagents.outbound.application.port.TwilioCalls.TwilioCall;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.DialBackoff;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What becomes of a call after a create request, shared by the dial workers, the reconciliation and the recovery of
 * calls a stopped replica left behind. Each change is conditional on the create request it is about
 * (dial_started_at), so two replicas deciding about the same request cannot both act.
 */
@ApplicationScoped
public class DialOutcomes {

    private static final Logger LOG = Logger.getLogger(DialOutcomes.class);

    private final CallStatusStore store;
    private final DialQueue queue;
    private final CallTransitions transitions;
    private final CallStatusTracker tracker;
    private final CancelOutboundCall cancels;
    private final DialMetrics metrics;
    private final DialBackoff backoff;
    private final int maxRequests;

    @Inject
    public DialOutcomes(CallStatusStore store, DialQueue queue, CallTransitions transitions, CallStatusTracker tracker,
            CancelOutboundCall cancels, DialMetrics metrics, OutboundConfig config) {
        this.store = store;
        this.queue = queue;
        this.transitions = transitions;
        this.tracker = tracker;
        this.cancels = cancels;
        this.metrics = metrics;
        this.backoff = new DialBackoff(config.dial().retryBackoff(), config.dial().maxRetryBackoff());
        this.maxRequests = config.dial().maxRequests();
    }

    /** Twilio created (or, reconciled, had created) the call: store its SID, then honour a pending cancel. */
    public void created(OutboundCall call, TwilioCall twilio) {
        QuarkusTransaction.requiringNew().run(() -> {
            Optional<StatusChange> stored = store.storeSid(call.id(), twilio.sid());
            stored.ifPresent(transitions::changed);
            if (stored.isEmpty()) {
                LOG.debugf("outbound call %s: SID %s was already known", call.id(), twilio.sid());
            }
            // Twilio may already be further than queued (a reconciled call rang or even ended meanwhile)
            OutboundCallStatus reported = OutboundCallStatus.fromTwilio(twilio.status()).orElse(OutboundCallStatus.DIALING);
            if (reported.rank() > OutboundCallStatus.DIALING.rank()) {
                tracker.onTwilioState(call, twilio);
            }
        });
        metrics.dialed();
        cancels.applyPendingCancel(call.id());
    }

    /** A retriable failure: back to the queue with backoff, or failed once the call used all its requests. */
    public void retryOrFail(OutboundCall call, String reason, Integer twilioCode) {
        if (call.dialRequests() >= maxRequests) {
            fail(call, "gave up after " + call.dialRequests() + " create requests; last: " + reason, twilioCode);
            return;
        }
        boolean requeued = queue.requeue(call.id(), call.dialStartedAt(), backoff.after(call.dialRequests()), reason,
                twilioCode);
        if (requeued) {
            LOG.infof("outbound call %s: create request %d failed (%s), retrying in %s", call.id(), call.dialRequests(),
                    reason, backoff.after(call.dialRequests()));
        }
    }

    /** The create request failed for good (or its outcome can never be known): the call fails with the reason. */
    public void fail(OutboundCall call, String reason, Integer twilioCode) {
        QuarkusTransaction.requiringNew().run(() -> store.finish(call.id(), OutboundCallStatus.FAILED, reason, twilioCode,
                new Guard.DialAttempt(call.dialStartedAt())).ifPresent(change -> {
                    LOG.infof("outbound call %s failed: %s", call.id(), reason);
                    transitions.changed(change);
                }));
    }

    /** A cancel arrived before the create request was sent: the call ends here, never dialed. */
    public void canceledBeforeDial(OutboundCall call) {
        QuarkusTransaction.requiringNew().run(() -> store.finish(call.id(), OutboundCallStatus.CANCELED, null, null,
                new Guard.DialAttempt(call.dialStartedAt())).ifPresent(transitions::changed));
    }

    /** The service stops before the create request was sent: the call goes back to the queue at once. */
    public void release(OutboundCall call) {
        queue.requeue(call.id(), call.dialStartedAt(), java.time.Duration.ZERO, null, null);
    }
}
