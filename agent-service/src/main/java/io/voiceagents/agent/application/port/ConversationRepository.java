package io.voiceagents.agent.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.Message;
import io.voiceagents.agent.domain.MessageOutcome;
import io.voiceagents.agent.domain.MessageRole;
import io.voiceagents.agent.domain.PageResult;

/** Conversations and their messages. All methods run in the caller's transaction. */
public interface ConversationRepository {

    /** @throws io.voiceagents.agent.application.DuplicateCallException when the call already has one */
    void insert(Conversation conversation);

    Optional<Conversation> findByCallSid(String callSid);

    /** Loads and locks the conversation row until the transaction ends: turns of one call serialize. */
    Optional<Conversation> findByCallSidForUpdate(String callSid);

    void lock(UUID conversationId);

    /** Appends a message with the next sequence number. The caller holds the conversation lock. */
    Message append(UUID conversationId, MessageRole role, String text, Long llmLatencyMs, MessageOutcome outcome,
            String turnId, Instant now);

    Optional<Message> findTurnMessage(UUID conversationId, MessageRole role, String turnId);

    /** Up to {@code limit} messages with seq below {@code beforeSeq}, oldest first. */
    List<Message> lastMessagesBefore(UUID conversationId, int beforeSeq, int limit);

    Optional<Message> firstMessage(UUID conversationId);

    List<Message> messages(UUID conversationId);

    void end(UUID conversationId, String finalStatus, Instant now);

    /** Newest first. */
    PageResult<Conversation> listByAgent(UUID agentId, int page, int size);

    Optional<Conversation> find(UUID agentId, UUID conversationId);
}
