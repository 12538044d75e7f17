package io.voiceagents.agent.application;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.voiceagents.agent.application.port.AgentRepository;
import io.voiceagents.agent.application.port.ConversationRepository;
import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.ConversationStatus;
import io.voiceagents.agent.domain.Message;
import io.voiceagents.agent.domain.MessageOutcome;
import io.voiceagents.agent.domain.MessageRole;

/**
 * The transactional steps of a conversation. Each method is one short transaction: the LLM call
 * happens between them, never while a database transaction (and the conversation lock) is open.
 */
@ApplicationScoped
public class ConversationJournal {

    private final ConversationRepository conversations;
    private final AgentRepository agents;
    private final ConversationSettings settings;

    public ConversationJournal(ConversationRepository conversations, AgentRepository agents,
            ConversationSettings settings) {
        this.conversations = conversations;
        this.agents = agents;
        this.settings = settings;
    }

    /**
     * Opens the call's conversation with the greeting as first message, or returns the existing one.
     *
     * @throws DuplicateCallException when a concurrent request created it first
     */
    @Transactional
    public StartResult start(StartConversationCommand command) {
        Optional<StartResult> existing = existing(command.callSid());
        if (existing.isPresent()) {
            return existing.get();
        }
        Agent agent = resolveAgent(command);
        Conversation conversation = new Conversation(UUID.randomUUID(), agent.id(), command.callSid(),
                command.fromNumber(), command.toNumber(), command.direction(), command.metadataJson(),
                ConversationStatus.ACTIVE, null, Timestamps.now(), null);
        conversations.insert(conversation);
        String greeting = isBlank(command.initialMessage()) ? agent.greeting() : command.initialMessage();
        conversations.append(conversation.id(), MessageRole.ASSISTANT, greeting, null, MessageOutcome.GREETING, null,
                Timestamps.now());
        return new StartResult(conversation, agent, greeting, true);
    }

    @Transactional
    public Optional<StartResult> existing(String callSid) {
        return conversations.findByCallSid(callSid).map(conversation -> {
            Agent agent = agents.find(conversation.agentId())
                    .orElseThrow(() -> new AgentNotFoundException(conversation.agentId()));
            String greeting = conversations.firstMessage(conversation.id()).map(Message::text).orElse("");
            return new StartResult(conversation, agent, greeting, false);
        });
    }

    /** Stores the caller's utterance (once per turn id) and gathers what the prompt needs. */
    @Transactional
    public TurnStart beginTurn(ReplyCommand command) {
        Conversation conversation = conversations.findByCallSidForUpdate(command.callSid())
                .orElseThrow(() -> new ConversationNotFoundException("no conversation for call " + command.callSid()));
        if (command.turnId() != null) {
            Optional<Message> reply = conversations.findTurnMessage(conversation.id(), MessageRole.ASSISTANT,
                    command.turnId());
            if (reply.isPresent()) {
                return TurnStart.answered(conversation, reply.get());
            }
        }
        if (!conversation.isActive()) {
            throw new ConversationEndedException(command.callSid());
        }
        Agent agent = agents.find(conversation.agentId())
                .orElseThrow(() -> new AgentNotFoundException(conversation.agentId()));
        // A retry whose first attempt stored the utterance but no reply (it failed or is still running)
        // reuses the stored utterance rather than adding the caller's words twice.
        Message utterance = command.turnId() == null ? null
                : conversations.findTurnMessage(conversation.id(), MessageRole.USER, command.turnId()).orElse(null);
        if (utterance == null) {
            utterance = conversations.append(conversation.id(), MessageRole.USER, command.utterance(), null, null,
                    command.turnId(), Timestamps.now());
        }
        List<Message> history = conversations.lastMessagesBefore(conversation.id(), utterance.seq(),
                settings.historyMaxMessages());
        return new TurnStart(conversation, agent, history, utterance.text(), null);
    }

    /** Stores the agent's reply; if a concurrent retry of the same turn stored one first, returns that. */
    @Transactional
    public Message recordReply(UUID conversationId, String turnId, String text, MessageOutcome outcome,
            long llmLatencyMs) {
        conversations.lock(conversationId);
        if (turnId != null) {
            Optional<Message> earlier = conversations.findTurnMessage(conversationId, MessageRole.ASSISTANT, turnId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        return conversations.append(conversationId, MessageRole.ASSISTANT, text, llmLatencyMs, outcome, turnId,
                Timestamps.now());
    }

    /** Marks the call's conversation ended; a second call keeps the first final status. */
    @Transactional
    public void end(String callSid, String finalStatus) {
        Conversation conversation = conversations.findByCallSidForUpdate(callSid)
                .orElseThrow(() -> new ConversationNotFoundException("no conversation for call " + callSid));
        if (conversation.isActive()) {
            conversations.end(conversation.id(), finalStatus, Timestamps.now());
        }
    }

    private Agent resolveAgent(StartConversationCommand command) {
        if (command.agentId() != null) {
            return agents.find(command.agentId()).orElseThrow(() -> new AgentNotFoundException(command.agentId()));
        }
        if (isBlank(command.toNumber())) {
            throw new InvalidInputException("agent_id", "agent_id or to_number is required");
        }
        return agents.findByPhoneNumber(command.toNumber())
                .orElseThrow(() -> new AgentNotFoundException("no agent answers " + command.toNumber()));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
