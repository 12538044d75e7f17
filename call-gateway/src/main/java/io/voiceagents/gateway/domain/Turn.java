package io.voiceagents.gateway.domain;

import java.time.Instant;

/**
 * One exchange of a call. Turn 0 is the greeting (or the voicemail message left on a machine); caller
 * turns are numbered from 1.
 *
 * @param idempotencyToken Twilio's I-Twilio-Idempotency-Token of the webhook that produced the turn,
 *                         so a retried delivery replays the turn instead of creating another
 * @param ttsLatencyMs     null when synthesis was not used or failed
 * @param llmLatencyMs     null for the greeting and when agent-service did not answer
 * @param interrupted      the caller talked over the agent: {@code agentText} is only what they heard
 * @param ledger           where the turn's time went (`stream` and `relay` modes), else null
 */
public record Turn(
        String callSid,
        int turnIndex,
        String callerText,
        Float confidence,
        String agentText,
        TurnOutcome outcome,
        Long llmLatencyMs,
        Long ttsLatencyMs,
        boolean ttsFallback,
        long totalLatencyMs,
        Instant createdAt,
        String idempotencyToken,
        boolean interrupted,
        LatencyLedger ledger) {

    /** A turn that was not interrupted and has no latency ledger (gather mode). */
    public Turn(String callSid, int turnIndex, String callerText, Float confidence, String agentText, TurnOutcome outcome,
            Long llmLatencyMs, Long ttsLatencyMs, boolean ttsFallback, long totalLatencyMs, Instant createdAt,
            String idempotencyToken) {
        this(callSid, turnIndex, callerText, confidence, agentText, outcome, llmLatencyMs, ttsLatencyMs, ttsFallback,
                totalLatencyMs, createdAt, idempotencyToken, false, null);
    }

    public static final int GREETING_INDEX = 0;

    /** The turn id agent-service de-duplicates Reply requests on. */
    public static String turnId(String callSid, int turnIndex) {
        return callSid + ":" + turnIndex;
    }

    public boolean endsCall() {
        return outcome == TurnOutcome.END_CALL || outcome == TurnOutcome.TRANSFER || outcome == TurnOutcome.VOICEMAIL;
    }
}
