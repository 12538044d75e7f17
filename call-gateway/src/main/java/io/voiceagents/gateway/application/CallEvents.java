package io.voiceagents.gateway.application;

import java.time.Instant;
import java.util.UUID;

import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.contracts.events.TurnEvent;
import io.voiceagents.gateway.domain.Call;
import io.voiceagents.gateway.domain.CallStatus;
import io.voiceagents.gateway.domain.Turn;

/**
 * Builds the published events from stored state, so an event always describes what was stored. Public for the
 * real-time sessions in sub-packages, which store turns too.
 */
public final class CallEvents {

    private CallEvents() {
    }

    public static CallEvent of(CallEvent.Type type, Call call, CallStatus previous, String answeredBy) {
        return new CallEvent(
                UUID.randomUUID().toString(),
                Instant.now(),
                CallEvent.SCHEMA_VERSION,
                type,
                call.callSid(),
                call.agentId(),
                call.direction(),
                call.from(),
                call.to(),
                call.status().wireName(),
                previous == null ? null : previous.wireName(),
                call.durationSeconds(),
                answeredBy,
                call.outboundCallId() == null ? null : call.outboundCallId().toString());
    }

    public static TurnEvent of(Turn turn, String agentId) {
        return new TurnEvent(
                UUID.randomUUID().toString(),
                Instant.now(),
                TurnEvent.SCHEMA_VERSION,
                turn.callSid(),
                agentId,
                turn.turnIndex(),
                turn.callerText(),
                turn.agentText(),
                turn.outcome().name(),
                turn.llmLatencyMs() == null ? 0 : turn.llmLatencyMs(),
                turn.ttsLatencyMs(),
                turn.ttsFallback(),
                turn.totalLatencyMs());
    }
}
