package io.voiceagents.outbound.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.voiceagents.outbound.application.port.DialQueue;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.OutboundCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Finds calls a stopped or crashed replica left dialing without a SID (its create request was sent, or about to
 * be, when it went away) and reconciles them with Twilio: adopted when Twilio created the call, requeued when it
 * did not, never blindly redialed. Runs at start and periodically, on every replica (each decision is conditional).
 */
@ApplicationScoped
public class DialRecovery {

    private static final Logger LOG = Logger.getLogger(DialRecovery.class);
    private static final int BATCH = 20;

    private final DialQueue queue;
    private final DialReconciler reconciler;
    private final DialOutcomes outcomes;
    private final Duration staleAfter;
    private final Duration giveUpAfter;

    @Inject
    public DialRecovery(DialQueue queue, DialReconciler reconciler, DialOutcomes outcomes, OutboundConfig config) {
        this.queue = queue;
        this.reconciler = reconciler;
        this.outcomes = outcomes;
        // a live worker is done with its request after the request time-out: only then is a row abandoned
        this.staleAfter = config.twilio().requestTimeout().multipliedBy(2).plusSeconds(5);
        this.giveUpAfter = config.status().timeout();
    }

    @Scheduled(every = "${outbound.dial.recovery-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            recoverStale();
        } catch (RuntimeException e) {
            LOG.warnf("recovering calls left dialing failed, will retry at the next run: %s", e.getMessage());
        }
    }

    /** Reconciles the calls left dialing; returns how many were looked at. */
    public int recoverStale() {
        List<OutboundCall> stale = queue.staleDialing(staleAfter, BATCH);
        for (OutboundCall call : stale) {
            LOG.infof("outbound call %s was left dialing since %s without a SID; asking Twilio", call.id(),
                    call.dialStartedAt());
            switch (reconciler.reconcile(call)) {
                case ADOPTED -> {
                }
                case NOT_FOUND -> outcomes.retryOrFail(call,
                        "the create request was interrupted (service stopped?) and Twilio has no such call", null);
                case UNKNOWN -> {
                    if (call.dialStartedAt().isBefore(Instant.now().minus(giveUpAfter))) {
                        outcomes.fail(call, "could not confirm with Twilio within " + giveUpAfter
                                + " whether the call was created", null);
                    }
                }
            }
        }
        return stale.size();
    }
}
