package io.voiceagents.agent.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of a conversation.
 *
 * @param seq           order within the conversation, from 1
 * @param text          what was said; for an interrupted agent message, only the part the caller heard
 * @param llmLatencyMs  time the LLM took (assistant replies only), null otherwise
 * @param outcome       null for user messages
 * @param turnId        the caller turn this message belongs to, when the gateway gave one
 * @param interrupted   the caller cut the agent off while it spoke this message
 * @param generatedText for an interrupted message: the whole reply as generated; null otherwise (or not yet known)
 * @param transferTo    the number the call was transferred to, when the outcome is TRANSFER
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
        String turnId,
        boolean interrupted,
        String generatedText,
        String transferTo) {

    /** A message nobody interrupted, with no transfer. */
    public Message(UUID id, UUID conversationId, int seq, MessageRole role, String text, Instant createdAt,
            Long llmLatencyMs, MessageOutcome outcome, String turnId) {
        this(id, conversationId, seq, role, text, createdAt, llmLatencyMs, outcome, turnId, false, null, null);
    }
}
