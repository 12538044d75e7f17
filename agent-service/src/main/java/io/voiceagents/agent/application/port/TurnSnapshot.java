package io.voiceagents.agent.application.port;

import java.util.List;

import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.Message;

/**
 * What a caller turn needs before its LLM request, read at one moment.
 *
 * @param agentVersion  the version of the conversation's agent at that moment: with the agent id, the key of a
 *                      cached agent that is still current
 * @param callerMessage the caller's message of this turn when it is already stored (a retry), else null
 * @param reply         the agent's message of this turn when it is already stored (a finished turn), else null
 * @param history       the latest messages before the caller's message of this turn (before everything when it is
 *                      not stored yet), oldest first, at most as many as were asked for
 */
public record TurnSnapshot(Conversation conversation, long agentVersion, Message callerMessage, Message reply,
        List<Message> history) {

    public TurnSnapshot {
        history = List.copyOf(history);
    }
}
