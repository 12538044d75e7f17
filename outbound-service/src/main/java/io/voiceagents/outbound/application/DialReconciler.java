package io.voiceagents.outbound.application;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.voiceagents.outbound.application.port.DialMetrics;
import io.voiceagents.outbound.application.port.DialQueue;
import io.voiceagents.outbound.application.port.TwilioCallException;
import io.voiceagents.outbound.application.port.TwilioCalls;
import io.voiceagents.outbound.application.port.TwilioCalls.TwilioCall;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.OutboundCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Answers "did Twilio create this call?" after a create request whose outcome is unknown (5xx, time-out, a replica
 * that stopped mid-request): lists Twilio's calls to the same number from the same caller ID created since the
 * outbound call was stored, minus the ones other outbound calls already own. Found → the call adopts that SID;
 * not found → it may be dialed again. Never guess: when Twilio cannot be asked, the answer is {@link Result#UNKNOWN}.
 */
@ApplicationScoped
public class DialReconciler {

    public enum Result { ADOPTED, NOT_FOUND, UNKNOWN }

    private static final Logger LOG = Logger.getLogger(DialReconciler.class);

    private final TwilioCalls twilio;
    private final DialQueue queue;
    private final DialOutcomes outcomes;
    private final DialMetrics metrics;
    private final Duration clockSkew;

    @Inject
    public DialReconciler(TwilioCalls twilio, DialQueue queue, DialOutcomes outcomes, DialMetrics metrics,
            OutboundConfig config) {
        this.twilio = twilio;
        this.queue = queue;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.clockSkew = config.dial().clockSkew();
    }

    public Result reconcile(OutboundCall call) {
        List<TwilioCall> found;
        try {
            // since the call was stored, not since the last request: an earlier unclear request may have created
            // it, and Twilio's list can lag behind its creates
            found = twilio.findCreatedSince(call.to(), call.from(), call.createdAt().minus(clockSkew));
        } catch (TwilioCallException e) {
            LOG.warnf("outbound call %s: could not ask Twilio whether the call exists: %s", call.id(), e.reason());
            metrics.reconciled("error");
            return Result.UNKNOWN;
        }
        Set<String> known = queue.knownSids(found.stream().map(TwilioCall::sid).collect(Collectors.toSet()));
        List<TwilioCall> candidates = found.stream().filter(c -> !known.contains(c.sid())).toList();
        if (candidates.isEmpty()) {
            metrics.reconciled("not-found");
            return Result.NOT_FOUND;
        }
        if (candidates.size() > 1) {
            LOG.warnf("outbound call %s: Twilio has %d unclaimed calls to %s from %s; adopting the oldest, %s",
                    call.id(), candidates.size(), io.voiceagents.outbound.domain.PhoneNumber.parse(call.to()).masked(),
                    call.from(), candidates.get(0).sid());
        }
        TwilioCall adopted = candidates.get(0);
        LOG.infof("outbound call %s: Twilio had created it as %s despite the unclear answer; adopted", call.id(),
                adopted.sid());
        outcomes.created(call, adopted);
        metrics.reconciled("adopted");
        return Result.ADOPTED;
    }
}
