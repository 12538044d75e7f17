package io.voiceagents.gateway.application;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.gateway.application.port.AgentConversations;
import io.voiceagents.gateway.application.port.CallEventPublisher;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.application.port.CallRepository.StatusApplication;
import io.voiceagents.gateway.application.port.GatewayMetrics;
import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.domain.StatusReport;

/**
 * Status callbacks arrive late, twice and out of order. The repository moves the status forward with
 * one conditional update; side effects follow only when that update changed the row, so each happens
 * once across retries and replicas.
 */
@ApplicationScoped
public class StatusCallbackService {

    private static final Logger LOG = Logger.getLogger(StatusCallbackService.class);

    private final CallRepository calls;
    private final CallEventPublisher events;
    private final AgentConversations agents;
    private final GatewayMetrics metrics;
    private final LiveCallFeed live;

    @Inject
    public StatusCallbackService(CallRepository calls, CallEventPublisher events, AgentConversations agents,
            GatewayMetrics metrics, LiveCallFeed live) {
        this.calls = calls;
        this.events = events;
        this.agents = agents;
        this.metrics = metrics;
        this.live = live;
    }

    public StatusApplication.Result handle(StatusReport report, String idempotencyToken) {
        StatusApplication applied = calls.applyStatus(report, idempotencyToken);
        switch (applied.result()) {
            case DUPLICATE_DELIVERY -> LOG.debugf("call %s: duplicate status delivery %s ignored", report.callSid(),
                    idempotencyToken);
            case UNCHANGED -> LOG.debugf("call %s: status %s does not move the call forward, ignored", report.callSid(),
                    report.status().wireName());
            case CREATED -> {
                events.publish(CallEvents.of(CallEvent.Type.STARTED, applied.call(), null, report.answeredBy()));
                liveStatus(applied.call());
                ended(applied.call(), null, report);
            }
            case CHANGED -> {
                events.publish(CallEvents.of(CallEvent.Type.STATUS_CHANGED, applied.call(), applied.previousStatus(),
                        report.answeredBy()));
                liveStatus(applied.call());
                ended(applied.call(), applied.previousStatus(), report);
            }
        }
        return applied.result();
    }

    /** Only a status the call really moved to: duplicates and late callbacks are not news to a viewer. */
    private void liveStatus(Call call) {
        live.publish(new LiveCallEvent(call.callSid(), Instant.now(), LiveCallEvent.Type.STATUS, call.status().wireName(), -1));
    }

    private void ended(Call call, CallStatus previous, StatusReport report) {
        if (!call.status().isFinal()) {
            return;
        }
        events.publish(CallEvents.of(CallEvent.Type.ENDED, call, previous, report.answeredBy()));
        live.publish(new LiveCallEvent(call.callSid(), Instant.now(), LiveCallEvent.Type.ENDED, call.status().wireName(), -1));
        metrics.callEnded(call.status());
        if (call.agentId() != null) {
            agents.endConversation(call.callSid(), call.status().wireName());
        }
    }
}
