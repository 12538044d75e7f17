package io.voiceagents.agent.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of a conversation.
 *
 * @param seq          order within the conversation, from 1
 * @param llmLatencyMs time the LLM took (assistant replies only), null otherwise
 * @param outcome      null for user messages
 * @param turnId       the caller turn this message belongs to, when the gateway gave one
 */
public record Message(
        UUID id,
        UUID conversationId,
        int seq,
        MessageRole role,
        String text,
        Instant createdAt,
        Long llmLatencyMs,
        MessageOutcome outcome,
        String turnId) {
}
