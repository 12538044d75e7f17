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
        conversations.append(conversation.id(), MessageRole.ASSISTANT, greeting, null, MessageOutcome.GREETING,
                Conversation.greetingTurnId(command.callSid()), null, Timestamps.now());
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

    /**
     * Stores the caller's message (once per turn id) and gathers what the prompt needs: a Reply's turn, which waits
     * for the whole answer anyway. A streamed turn does not wait for this transaction: it reads with
     * {@link TurnReader} and stores with {@link #recordCallerMessage} once its LLM request is sent.
     *
     * @param callerText the caller's words and keypad presses, as {@link TurnInput} wrote them
     */
    @Transactional
    public TurnStart beginTurn(ReplyCommand command, String callerText) {
        // Every statement here is on the caller's wait before the LLM is asked: on a new turn six (conversation
        // lock, turn lookup, agent, its numbers, history, insert), then the commit.
        Conversation conversation = conversations.findByCallSidForUpdate(command.callSid())
                .orElseThrow(() -> new ConversationNotFoundException("no conversation for call " + command.callSid()));
        List<Message> turn = command.turnId() == null ? List.of()
                : conversations.findTurnMessages(conversation.id(), command.turnId());
        Optional<Message> reply = withRole(turn, MessageRole.ASSISTANT);
        if (reply.isPresent()) {
            return TurnStart.answered(conversation, reply.get());
        }
        if (!conversation.isActive()) {
            throw new ConversationEndedException(command.callSid());
        }
        Agent agent = agents.find(conversation.agentId())
                .orElseThrow(() -> new AgentNotFoundException(conversation.agentId()));
        int window = settings.historyMaxMessages();
        Optional<Message> stored = withRole(turn, MessageRole.USER);
        if (stored.isPresent()) {
            // A retry whose first attempt stored the utterance but no reply (it failed or is still running)
            // reuses the stored utterance rather than adding the caller's words twice.
            Message utterance = stored.get();
            return new TurnStart(conversation, agent,
                    conversations.lastMessagesBefore(conversation.id(), utterance.seq(), window), utterance.text(),
                    null);
        }
        // One query gives both the history and the sequence number the caller's message takes.
        List<Message> recent = conversations.lastMessagesBefore(conversation.id(), Integer.MAX_VALUE,
                Math.max(1, window));
        int seq = recent.isEmpty() ? 1 : recent.get(recent.size() - 1).seq() + 1;
        Message utterance = conversations.appendAt(conversation.id(), seq, MessageRole.USER, callerText,
                command.turnId(), Timestamps.now());
        List<Message> history = window <= 0 ? List.of() : recent;
        return new TurnStart(conversation, agent, history, utterance.text(), null);
    }

    private static Optional<Message> withRole(List<Message> messages, MessageRole role) {
        return messages.stream().filter(m -> m.role() == role).findFirst();
    }

    /**
     * Stores the caller's message of a streamed turn (read by {@link TurnReader}, its LLM request already sent),
     * unless the turn has one already: a concurrent retry of the turn stored it first. Under the conversation
     * lock, so the message is stored once per turn id and takes the next sequence number.
     *
     * @return the turn's caller message, stored now or before
     */
    @Transactional
    public Message recordCallerMessage(UUID conversationId, String turnId, String callerText) {
        conversations.lock(conversationId);
        return appendCallerMessage(conversationId, turnId, callerText);
    }

    /** The caller holds the conversation lock. */
    private Message appendCallerMessage(UUID conversationId, String turnId, String callerText) {
        if (turnId != null) {
            Optional<Message> earlier = conversations.findTurnMessage(conversationId, MessageRole.USER, turnId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        return conversations.append(conversationId, MessageRole.USER, callerText, null, null, turnId, null,
                Timestamps.now());
    }

    /**
     * Stores the agent's reply; if a concurrent retry of the same turn stored one first, returns that. When
     * the caller's interruption of this turn was recorded first, the reply completes that message instead
     * (its text stays what the caller heard).
     *
     * @param transferTo the transfer target when the outcome is TRANSFER, else null
     * @param callerText the caller's message of a streamed turn whose own store failed: stored first (unless the turn
     *                   has one by now), so the transcript keeps the question with its answer; null when it is stored
     */
    @Transactional
    public Message recordReply(UUID conversationId, String turnId, String text, MessageOutcome outcome,
            long llmLatencyMs, String transferTo, String callerText) {
        conversations.lock(conversationId);
        if (callerText != null) {
            appendCallerMessage(conversationId, turnId, callerText);
        }
        if (turnId != null) {
            Optional<Message> earlier = conversations.findTurnMessage(conversationId, MessageRole.ASSISTANT, turnId);
            if (earlier.isPresent()) {
                Message stored = earlier.get();
                if (stored.interrupted() && stored.generatedText() == null) {
                    return conversations.completeInterrupted(stored.id(), text, llmLatencyMs, outcome, transferTo);
                }
                return stored;
            }
        }
        return conversations.append(conversationId, MessageRole.ASSISTANT, text, llmLatencyMs, outcome, turnId,
                transferTo, Timestamps.now());
    }

    /**
     * The caller heard only {@code heardText} of the agent's message for {@code turnId}. When that reply is
     * not stored yet but its turn is known (the gateway cancelled the stream and reported at once), an
     * interrupted message is stored now and the reply fills in its generated text when it lands.
     *
     * @return false when the call or the turn is unknown (nothing changed)
     */
    @Transactional
    public boolean recordInterruption(String callSid, String turnId, String heardText) {
        Optional<Conversation> found = conversations.findByCallSidForUpdate(callSid);
        if (found.isEmpty()) {
            return false;
        }
        UUID id = found.get().id();
        Optional<Message> reply = conversations.findTurnMessage(id, MessageRole.ASSISTANT, turnId);
        if (reply.isEmpty() && turnId.equals(Conversation.greetingTurnId(callSid))) {
            // Conversations opened before greetings carried a turn id.
            reply = conversations.firstMessage(id).filter(m -> m.outcome() == MessageOutcome.GREETING);
        }
        if (reply.isPresent()) {
            conversations.markInterrupted(reply.get().id(), heardText);
            return true;
        }
        if (conversations.findTurnMessage(id, MessageRole.USER, turnId).isPresent()) {
            conversations.appendInterrupted(id, turnId, heardText, Timestamps.now());
            return true;
        }
        return false;
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
