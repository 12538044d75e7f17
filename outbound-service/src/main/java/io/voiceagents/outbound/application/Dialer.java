package io.voiceagents.outbound.application;

import java.time.Duration;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.voiceagents.outbound.application.port.DialMetrics;
import io.voiceagents.outbound.application.port.DialQueue;
import io.voiceagents.outbound.application.port.DialQueue.Claim;
import io.voiceagents.outbound.application.port.OutboundCallRepository;
import io.voiceagents.outbound.application.port.TwilioCallException;
import io.voiceagents.outbound.application.port.TwilioCalls;
import io.voiceagents.outbound.application.port.TwilioCalls.DialRequest;
import io.voiceagents.outbound.application.port.TwilioCalls.TwilioCall;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.MachineDetection;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * One step of a dial worker: claim the next due call together with the account's next pacing slot, wait for the
 * slot, send the create request, and decide what the answer means. Zero duplicate dials is the rule: a call that
 * was sent to Twilio before is reconciled before it is sent again, and an unclear answer is reconciled, never
 * simply retried.
 */
@ApplicationScoped
public class Dialer {

    private static final Logger LOG = Logger.getLogger(Dialer.class);
    /** How long before its slot a worker checks the call (and reconciles it when it was sent before). */
    private static final Duration PREPARE_AHEAD = Duration.ofMillis(100);

    private final DialQueue queue;
    private final OutboundCallRepository calls;
    private final TwilioCalls twilio;
    private final DialOutcomes outcomes;
    private final DialReconciler reconciler;
    private final DialQueueSignal signal;
    private final DialMetrics metrics;
    private final double callsPerSecond;
    private final int ringTimeoutSeconds;

    @Inject
    public Dialer(DialQueue queue, OutboundCallRepository calls, TwilioCalls twilio, DialOutcomes outcomes,
            DialReconciler reconciler, DialQueueSignal signal, DialMetrics metrics, OutboundConfig config) {
        this.queue = queue;
        this.calls = calls;
        this.twilio = twilio;
        this.outcomes = outcomes;
        this.reconciler = reconciler;
        this.signal = signal;
        this.metrics = metrics;
        this.callsPerSecond = config.twilio().callsPerSecond();
        this.ringTimeoutSeconds = (int) config.dial().ringTimeout().toSeconds();
    }

    /** Dials at most one call; false when none was due (the worker then idles). */
    public boolean dialNext() {
        Optional<Claim> claim = queue.claimNext(callsPerSecond);
        if (claim.isEmpty()) {
            return false;
        }
        OutboundCall call = claim.get().call();
        Duration wait = claim.get().waitForSlot();
        long slot = System.nanoTime() + wait.toNanos();
        metrics.pacerWait(wait);
        // everything but the request itself happens before the slot, so requests leave at the pace of the slots
        if (!signal.pause(until(slot - PREPARE_AHEAD.toNanos())) || !readyToSend(call)) {
            return true;
        }
        if (!signal.pause(until(slot))) {
            outcomes.release(call);
            return true;
        }
        send(call);
        return true;
    }

    /** False when the call must not be sent after all (it was canceled, changed, or reconciled). */
    private boolean readyToSend(OutboundCall call) {
        if (signal.stopping()) {
            outcomes.release(call);
            return false;
        }
        OutboundCall current = calls.find(call.id()).orElse(null);
        if (current == null || current.status() != OutboundCallStatus.DIALING || current.callSid() != null
                || !call.dialStartedAt().equals(current.dialStartedAt())) {
            return false;
        }
        if (current.cancelRequestedAt() != null) {
            outcomes.canceledBeforeDial(call);
            return false;
        }
        if (call.dialRequests() > 1) {
            // an earlier request of this call may have created it after all (Twilio's list can lag a little)
            DialReconciler.Result result = reconciler.reconcile(call);
            if (result == DialReconciler.Result.ADOPTED) {
                return false;
            }
            if (result == DialReconciler.Result.UNKNOWN) {
                outcomes.retryOrFail(call, "Twilio could not be asked whether an earlier create request created "
                        + "the call", null);
                return false;
            }
        }
        return true;
    }

    private static Duration until(long nanoTime) {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }

    private void send(OutboundCall call) {
        DialRequest request = new DialRequest(call.id(), call.agentId(), call.to(), call.from(),
                MachineDetection.toTwilio(call.machineDetection()), ringTimeoutSeconds);
        long started = System.nanoTime();
        TwilioCall created;
        try {
            created = twilio.create(request);
        } catch (TwilioCallException e) {
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            failed(call, e, latency);
            return;
        }
        metrics.twilioCreate(Duration.ofNanos(System.nanoTime() - started), "created");
        outcomes.created(call, created);
    }

    private void failed(OutboundCall call, TwilioCallException e, Duration latency) {
        switch (e.kind()) {
            case RATE_LIMITED -> {
                metrics.twilioCreate(latency, "rate-limited");
                metrics.dialFailed("rate-limited");
                outcomes.retryOrFail(call, e.reason(), e.twilioCode());
            }
            case UNCERTAIN -> {
                metrics.twilioCreate(latency, "uncertain");
                metrics.dialFailed("uncertain");
                LOG.warnf("outbound call %s: unclear answer to the create request (%s); asking Twilio", call.id(),
                        e.reason());
                switch (reconciler.reconcile(call)) {
                    case ADOPTED -> {
                    }
                    case NOT_FOUND -> outcomes.retryOrFail(call, e.reason(), e.twilioCode());
                    // neither retried nor failed: the recovery asks Twilio again later
                    case UNKNOWN -> LOG.warnf("outbound call %s stays dialing until Twilio can be asked", call.id());
                }
            }
            case PERMANENT, NOT_FOUND -> {
                metrics.twilioCreate(latency, "permanent");
                metrics.dialFailed("permanent");
                outcomes.fail(call, e.reason(), e.twilioCode());
            }
        }
    }
}
