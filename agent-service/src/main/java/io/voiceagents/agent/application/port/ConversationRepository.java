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

    /**
     * Appends a message with the next sequence number. The caller holds the conversation lock.
     *
     * @param transferTo the transfer target of a TRANSFER reply, else null
     */
    Message append(UUID conversationId, MessageRole role, String text, Long llmLatencyMs, MessageOutcome outcome,
            String turnId, String transferTo, Instant now);

    /**
     * The caller heard only {@code heardText} of this agent message: it becomes the text, the first text is
     * kept as generated text, and the message is marked interrupted. Repeating it changes nothing further.
     */
    Message markInterrupted(UUID messageId, String heardText);

    /**
     * Appends the agent message of {@code turnId} as interrupted, holding only what the caller heard, before
     * its reply is stored (generated text unknown yet). The caller holds the conversation lock.
     */
    Message appendInterrupted(UUID conversationId, String turnId, String heardText, Instant now);

    /**
     * Fills in an agent message that was recorded as interrupted before its reply was stored (the caller's
     * side reported what was heard first): its generated text and how the generation ended.
     */
    Message completeInterrupted(UUID messageId, String generatedText, Long llmLatencyMs, MessageOutcome outcome,
            String transferTo);

    Optional<Message> findTurnMessage(UUID conversationId, MessageRole role, String turnId);

    /** The caller's and the agent's message of one turn, as far as they are stored (0, 1 or 2). */
    List<Message> findTurnMessages(UUID conversationId, String turnId);

    /**
     * Appends a message (no outcome, no latency) with a sequence number the caller already knows is next. The
     * caller holds the conversation lock.
     */
    Message appendAt(UUID conversationId, int seq, MessageRole role, String text, String turnId, Instant now);

    /** Up to {@code limit} messages with seq below {@code beforeSeq}, oldest first. */
    List<Message> lastMessagesBefore(UUID conversationId, int beforeSeq, int limit);

    Optional<Message> firstMessage(UUID conversationId);

    List<Message> messages(UUID conversationId);

    void end(UUID conversationId, String finalStatus, Instant now);

    /** Newest first. */
    PageResult<Conversation> listByAgent(UUID agentId, int page, int size);

    Optional<Conversation> find(UUID agentId, UUID conversationId);
}
