package io.voiceagents.outbound.application;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.voiceagents.outbound.application.port.CallStatusStore;
import io.voiceagents.outbound.application.port.CallStatusStore.Guard;
import io.voiceagents.outbound.application.port.DialMetrics;
import io.voiceagents.outbound.application.port.DialQueue;
import io.voiceagents.outbound.application.port.TwilioCallException;
import io.voiceagents.outbound.application.port.TwilioCalls;
import io.voiceagents.outbound.application.port.TwilioCalls.TwilioCall;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * No call stays unfinished forever: a call dialing or ringing without news for OUTBOUND_STATUS_TIMEOUT, or in
 * progress for longer than OUTBOUND_MAX_CALL_DURATION, is fetched once from Twilio. A final status there is
 * applied; otherwise (or when Twilio cannot say) the call fails with "no final status from Twilio within ...". A
 * call that Twilio still has queued or ringing is canceled there too, so it cannot connect after we gave up on it.
 */
@ApplicationScoped
public class StatusTimeouts {

    private static final Logger LOG = Logger.getLogger(StatusTimeouts.class);
    private static final int BATCH = 50;

    private final DialQueue queue;
    private final TwilioCalls twilio;
    private final CallStatusStore store;
    private final CallStatusTracker tracker;
    private final CallTransitions transitions;
    private final DialMetrics metrics;
    private final Duration statusTimeout;
    private final Duration maxCallDuration;

    @Inject
    public StatusTimeouts(DialQueue queue, TwilioCalls twilio, CallStatusStore store, CallStatusTracker tracker,
            CallTransitions transitions, DialMetrics metrics, OutboundConfig config) {
        this.queue = queue;
        this.twilio = twilio;
        this.store = store;
        this.tracker = tracker;
        this.transitions = transitions;
        this.metrics = metrics;
        this.statusTimeout = config.status().timeout();
        this.maxCallDuration = config.status().maxCallDuration();
    }

    @Scheduled(every = "${outbound.status.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("looking for stuck outbound calls failed, will retry at the next run: %s", e.getMessage());
        }
    }

    /** Settles the stuck calls; returns how many were looked at. */
    public int sweep() {
        List<OutboundCall> stuck = queue.stuck(statusTimeout, maxCallDuration, BATCH);
        for (OutboundCall call : stuck) {
            settle(call);
        }
        return stuck.size();
    }

    private void settle(OutboundCall call) {
        boolean live = call.status() == OutboundCallStatus.IN_PROGRESS;
        String limit = live ? maxCallDuration + " in progress" : statusTimeout + " without a status update";
        Optional<TwilioCall> atTwilio;
        String why;
        try {
            atTwilio = twilio.fetch(call.callSid());
            why = atTwilio.map(t -> "Twilio still reports " + t.status()).orElse("Twilio does not know the call");
        } catch (TwilioCallException e) {
            atTwilio = Optional.empty();
            why = "Twilio could not be asked: " + e.reason();
        }
        Optional<OutboundCallStatus> reported = atTwilio.flatMap(t -> OutboundCallStatus.fromTwilio(t.status()));
        if (reported.isPresent() && reported.get().isFinal()) {
            TwilioCall finalState = atTwilio.get();
            QuarkusTransaction.requiringNew().run(() -> tracker.onTwilioState(call, finalState));
            LOG.infof("outbound call %s: no news for %s, Twilio reports %s", call.id(), limit, finalState.status());
            return;
        }
        if (!live && reported.isPresent() && reported.get().rank() < OutboundCallStatus.IN_PROGRESS.rank()) {
            cancelQuietly(call);
        }
        String reason = "no final status from Twilio within " + limit + " (" + why + ")";
        QuarkusTransaction.requiringNew().run(() -> store.finish(call.id(), OutboundCallStatus.FAILED, reason, null,
                new Guard.UnchangedSince(call.updatedAt())).ifPresent(change -> {
                    LOG.warnf("outbound call %s timed out: %s", call.id(), reason);
                    metrics.timedOut();
                    transitions.changed(change);
                }));
    }

    private void cancelQuietly(OutboundCall call) {
        try {
            twilio.cancel(call.callSid());
        } catch (TwilioCallException e) {
            LOG.debugf("outbound call %s: cancel of the timed-out call at Twilio failed: %s", call.id(), e.reason());
        }
    }
}
