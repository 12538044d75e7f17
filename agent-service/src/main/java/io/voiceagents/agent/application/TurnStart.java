package io.voiceagents.agent.application;

import java.util.List;

import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.Message;

/**
 * A caller turn after its utterance is stored: either already answered (a retry), or waiting for the LLM
 * with the history that precedes it.
 */
record TurnStart(Conversation conversation, Agent agent, List<Message> history, String utterance,
        Message storedReply) {

    static TurnStart answered(Conversation conversation, Message reply) {
        return new TurnStart(conversation, null, List.of(), null, reply);
    }

    boolean alreadyAnswered() {
        return storedReply != null;
    }
}
