package io.voiceagents.agent.infra.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import io.quarkus.panache.common.Sort;
import io.voiceagents.agent.application.DuplicateCallException;
import io.voiceagents.agent.application.port.ConversationRepository;
import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.ConversationStatus;
import io.voiceagents.agent.domain.Message;
import io.voiceagents.agent.domain.MessageOutcome;
import io.voiceagents.agent.domain.MessageRole;
import io.voiceagents.agent.domain.PageResult;

@ApplicationScoped
public class PanacheConversationRepository implements ConversationRepository {

    @Override
    public void insert(Conversation c) {
        ConversationEntity e = new ConversationEntity();
        e.id = c.id();
        e.agentId = c.agentId();
        e.callSid = c.callSid();
        e.fromNumber = c.fromNumber();
        e.toNumber = c.toNumber();
        e.direction = c.direction();
        e.metadata = c.metadataJson();
        e.status = wire(c.status());
        e.finalStatus = c.finalStatus();
        e.startedAt = c.startedAt();
        e.endedAt = c.endedAt();
        try {
            e.persistAndFlush();
        } catch (PersistenceException ex) {
            if (ConstraintViolations.violates(ex, "conversations_call_sid_uk")) {
                throw new DuplicateCallException(c.callSid(), ex);
            }
            throw ex;
        }
    }

    @Override
    public Optional<Conversation> findByCallSid(String callSid) {
        return ConversationEntity.<ConversationEntity>find("callSid", callSid).firstResultOptional()
                .map(PanacheConversationRepository::asDomain);
    }

    @Override
    public Optional<Conversation> findByCallSidForUpdate(String callSid) {
        return ConversationEntity.<ConversationEntity>find("callSid", callSid)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional()
                .map(PanacheConversationRepository::asDomain);
    }

    @Override
    public void lock(UUID conversationId) {
        ConversationEntity.findById(conversationId, LockModeType.PESSIMISTIC_WRITE);
    }

    @Override
    public Message append(UUID conversationId, MessageRole role, String text, Long llmLatencyMs,
            MessageOutcome outcome, String turnId, String transferTo, Instant now) {
        MessageEntity e = newMessage(conversationId);
        e.role = wire(role);
        e.text = text;
        e.createdAt = now;
        e.llmLatencyMs = llmLatencyMs;
        e.outcome = outcome == null ? null : wire(outcome);
        e.turnId = turnId;
        e.transferTo = transferTo;
        e.persist();
        return asDomain(e);
    }

    @Override
    public Message appendInterrupted(UUID conversationId, String turnId, String heardText, Instant now) {
        MessageEntity e = newMessage(conversationId);
        e.role = wire(MessageRole.ASSISTANT);
        e.text = heardText;
        e.createdAt = now;
        e.outcome = wire(MessageOutcome.OK);
        e.turnId = turnId;
        e.interrupted = true;
        e.persist();
        return asDomain(e);
    }

    /** A message row with its id and the next sequence number; the caller holds the conversation lock. */
    private static MessageEntity newMessage(UUID conversationId) {
        Integer last = MessageEntity.getEntityManager()
                .createQuery("select max(m.seq) from MessageEntity m where m.conversationId = :c", Integer.class)
                .setParameter("c", conversationId)
                .getSingleResult();
        MessageEntity e = new MessageEntity();
        e.id = UUID.randomUUID();
        e.conversationId = conversationId;
        e.seq = last == null ? 1 : last + 1;
        return e;
    }

    @Override
    public Message markInterrupted(UUID messageId, String heardText) {
        MessageEntity e = MessageEntity.findById(messageId);
        if (!e.interrupted) {
            e.generatedText = e.text;
            e.interrupted = true;
        }
        e.text = heardText;
        return asDomain(e);
    }

    @Override
    public Message completeInterrupted(UUID messageId, String generatedText, Long llmLatencyMs,
            MessageOutcome outcome, String transferTo) {
        MessageEntity e = MessageEntity.findById(messageId);
        e.generatedText = generatedText;
        e.llmLatencyMs = llmLatencyMs;
        e.outcome = outcome == null ? null : wire(outcome);
        e.transferTo = transferTo;
        return asDomain(e);
    }

    @Override
    public Optional<Message> findTurnMessage(UUID conversationId, MessageRole role, String turnId) {
        return MessageEntity.<MessageEntity>find("conversationId = ?1 and role = ?2 and turnId = ?3",
                conversationId, wire(role), turnId)
                .firstResultOptional()
                .map(PanacheConversationRepository::asDomain);
    }

    @Override
    public List<Message> findTurnMessages(UUID conversationId, String turnId) {
        return MessageEntity.<MessageEntity>find("conversationId = ?1 and turnId = ?2", conversationId, turnId)
                .stream()
                .map(PanacheConversationRepository::asDomain)
                .toList();
    }

    @Override
    public Message appendAt(UUID conversationId, int seq, MessageRole role, String text, String turnId,
            Instant now) {
        MessageEntity e = new MessageEntity();
        e.id = UUID.randomUUID();
        e.conversationId = conversationId;
        e.seq = seq;
        e.role = wire(role);
        e.text = text;
        e.createdAt = now;
        e.turnId = turnId;
        e.persist();
        return asDomain(e);
    }

    @Override
    public List<Message> lastMessagesBefore(UUID conversationId, int beforeSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<MessageEntity> newestFirst = MessageEntity.<MessageEntity>find("conversationId = ?1 and seq < ?2",
                Sort.descending("seq"), conversationId, beforeSeq)
                .page(0, limit)
                .list();
        List<Message> messages = new ArrayList<>(newestFirst.stream().map(PanacheConversationRepository::asDomain)
                .toList());
        Collections.reverse(messages);
        return messages;
    }

    @Override
    public Optional<Message> firstMessage(UUID conversationId) {
        return MessageEntity.<MessageEntity>find("conversationId", Sort.ascending("seq"), conversationId)
                .firstResultOptional()
                .map(PanacheConversationRepository::asDomain);
    }

    @Override
    public List<Message> messages(UUID conversationId) {
        return MessageEntity.<MessageEntity>find("conversationId", Sort.ascending("seq"), conversationId)
                .stream()
                .map(PanacheConversationRepository::asDomain)
                .toList();
    }

    @Override
    public void end(UUID conversationId, String finalStatus, Instant now) {
        ConversationEntity e = ConversationEntity.findById(conversationId);
        e.status = wire(ConversationStatus.ENDED);
        e.finalStatus = finalStatus;
        e.endedAt = now;
    }

    @Override
    public PageResult<Conversation> listByAgent(UUID agentId, int page, int size) {
        var query = ConversationEntity.<ConversationEntity>find("agentId",
                Sort.descending("startedAt").and("id", Sort.Direction.Descending), agentId)
                .page(page, size);
        List<Conversation> items = query.list().stream().map(PanacheConversationRepository::asDomain).toList();
        return new PageResult<>(items, page, size, query.count());
    }

    @Override
    public Optional<Conversation> find(UUID agentId, UUID conversationId) {
        return ConversationEntity.<ConversationEntity>find("id = ?1 and agentId = ?2", conversationId, agentId)
                .firstResultOptional()
                .map(PanacheConversationRepository::asDomain);
    }

    private static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static Conversation asDomain(ConversationEntity e) {
        return new Conversation(e.id, e.agentId, e.callSid, e.fromNumber, e.toNumber, e.direction, e.metadata,
                ConversationStatus.valueOf(e.status.toUpperCase(Locale.ROOT)), e.finalStatus, e.startedAt, e.endedAt);
    }

    private static Message asDomain(MessageEntity e) {
        return new Message(e.id, e.conversationId, e.seq, MessageRole.valueOf(e.role.toUpperCase(Locale.ROOT)), e.text,
                e.createdAt, e.llmLatencyMs,
                e.outcome == null ? null : MessageOutcome.valueOf(e.outcome.toUpperCase(Locale.ROOT)), e.turnId,
                e.interrupted, e.generatedText, e.transferTo);
    }
}
