package io.voiceagents.agent.application.port;

import java.util.Optional;

/**
 * Reads a caller turn's {@link TurnSnapshot} in one statement, outside any transaction and without locks: the
 * read that stands between a caller's words and the LLM request, so it must cost one round trip and never wait
 * behind another turn's lock.
 */
public interface TurnLookup {

    /**
     * @param turnId          the caller turn, or null when the gateway gave none (nothing of it can be stored)
     * @param historyMessages how many earlier messages the prompt takes (0 or more)
     * @return empty when the call has no conversation
     */
    Optional<TurnSnapshot> find(String callSid, String turnId, int historyMessages);
}
