package io.voiceagents.outbound.application.port;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** agent-service as outbound-service needs it: which agent exists and which numbers it may call from. */
public interface AgentDirectory {

    /**
     * The agent, or empty when agent-service does not know it.
     *
     * @throws AgentDirectoryUnavailableException when agent-service cannot answer (down, too slow)
     */
    Optional<Agent> find(UUID agentId);

    /**
     * @param phoneNumbers    the agent's numbers (E.164), the first is the default caller ID
     * @param leavesVoicemail the agent leaves a message on an answering machine (machine detection then waits for
     *                        the beep)
     */
    record Agent(UUID agentId, List<String> phoneNumbers, boolean leavesVoicemail) {
    }
}
