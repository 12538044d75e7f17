package io.voiceagents.agent.application;

import java.util.UUID;

import io.voiceagents.agent.domain.MessageOutcome;

/**
 * The end of a streamed reply.
 *
 * @param text         text that goes with the end: the whole reply when replayed or when it is the apology,
 *                     else empty (the deltas carried it)
 * @param messageId    the stored agent message
 * @param llmLatencyMs the whole generation; 0 when no LLM was asked
 * @param transferTo   the agent's transfer number when the outcome is TRANSFER, else null
 * @param replayed     the turn had been answered before; nothing was generated
 */
public record StreamedReplyEnd(String text, MessageOutcome outcome, UUID messageId, long llmLatencyMs,
        String transferTo, boolean replayed) {
}
