package io.voiceagents.agent.application;

import java.util.List;

import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.Message;

/**
 * A caller turn ready for the LLM: either already answered (a retry), or waiting for the LLM with the history
 * that precedes it.
 *
 * @param utteranceStored whether the caller's message is stored already; a streamed turn stores it while the LLM
 *                        request is on its way
 */
record TurnStart(Conversation conversation, Agent agent, List<Message> history, String utterance,
        Message storedReply, boolean utteranceStored) {

    TurnStart(Conversation conversation, Agent agent, List<Message> history, String utterance, Message storedReply) {
        this(conversation, agent, history, utterance, storedReply, true);
    }

    static TurnStart answered(Conversation conversation, Message reply) {
        return new TurnStart(conversation, null, List.of(), null, reply);
    }

    /** A new turn whose caller message is still to be stored. */
    static TurnStart unstored(Conversation conversation, Agent agent, List<Message> history, String utterance) {
        return new TurnStart(conversation, agent, history, utterance, null, false);
    }

    boolean alreadyAnswered() {
        return storedReply != null;
    }
}
