package io.voiceagents.agent.application;

import jakarta.enterprise.context.ApplicationScoped;

import io.voiceagents.agent.application.port.TurnLookup;
import io.voiceagents.agent.application.port.TurnSnapshot;
import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.Message;

/**
 * What a streamed caller turn needs before its LLM request, without storing anything: one lock-free read (the
 * conversation, its agent's version, the turn's stored messages and the history) and the agent from the
 * {@link AgentCache}. Storing the caller's words waits until the request is on its way
 * ({@link ConversationJournal#recordCallerMessage}). The read decides what the stored state decides for a turn:
 * an unknown call, a replay of a finished turn, an ended conversation, a retry that reuses its stored words.
 *
 * <p>Without the conversation lock, two attempts of one turn may both find it unanswered and both ask the LLM, as
 * they could when the second waited for the first one's transaction: the caller's words are still stored once
 * (under the lock, as they are written), and both attempts end naming the reply that was stored first.
 */
@ApplicationScoped
public class TurnReader {

    private final TurnLookup lookup;
    private final AgentCache cache;
    private final AgentService agents;
    private final ConversationSettings settings;

    public TurnReader(TurnLookup lookup, AgentCache cache, AgentService agents, ConversationSettings settings) {
        this.lookup = lookup;
        this.cache = cache;
        this.agents = agents;
        this.settings = settings;
    }

    /**
     * @param callerText the caller's words and keypad presses, as {@link TurnInput} wrote them
     * @throws ConversationNotFoundException when the call has no conversation
     * @throws ConversationEndedException    when the conversation ended and the turn was not answered before
     */
    public TurnStart read(ReplyCommand command, String callerText) {
        TurnSnapshot turn = lookup.find(command.callSid(), command.turnId(), Math.max(0, settings.historyMaxMessages()))
                .orElseThrow(() -> new ConversationNotFoundException("no conversation for call " + command.callSid()));
        Conversation conversation = turn.conversation();
        if (turn.reply() != null) {
            return TurnStart.answered(conversation, turn.reply());
        }
        if (!conversation.isActive()) {
            throw new ConversationEndedException(command.callSid());
        }
        Agent agent = agent(conversation, turn.agentVersion());
        Message stored = turn.callerMessage();
        // A retry whose first attempt stored the utterance but no reply (it failed or is still running) reuses the
        // stored utterance, and its history ends before it.
        return stored == null ? TurnStart.unstored(conversation, agent, turn.history(), callerText)
                : new TurnStart(conversation, agent, turn.history(), stored.text(), null);
    }

    private Agent agent(Conversation conversation, long version) {
        return cache.find(conversation.agentId(), version).orElseGet(() -> {
            // A committed read of its own transaction: safe to cache (see AgentCache#offer).
            Agent loaded = agents.get(conversation.agentId());
            cache.offer(loaded);
            return loaded;
        });
    }
}
