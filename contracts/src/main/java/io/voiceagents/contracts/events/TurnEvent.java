package io.voiceagents.contracts.events;

import java.time.Instant;

/**
 * One completed exchange: what the caller said and what the agent answered. Keyed by {@code callSid}.
 *
 * @param turnIndex       1-based position of the caller turn within the call
 * @param callerText      the caller's utterance as transcribed
 * @param agentText       the agent's reply as spoken
 * @param outcome         OK, FALLBACK (LLM failed: apology), END_CALL
 * @param llmLatencyMs    time the LLM took
 * @param ttsLatencyMs    time synthesis took, null when TTS was not used or failed
 * @param ttsFallback     true when the caller heard Twilio {@code <Say>} because synthesis failed or was late
 * @param totalLatencyMs  webhook received → TwiML returned
 */
public record TurnEvent(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        String callSid,
        String agentId,
        int turnIndex,
        String callerText,
        String agentText,
        String outcome,
        long llmLatencyMs,
        Long ttsLatencyMs,
        boolean ttsFallback,
        long totalLatencyMs) {

    public static final int SCHEMA_VERSION = 1;
}
