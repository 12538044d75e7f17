package io.voiceagents.outbound.application;

import java.util.Optional;
import java.util.UUID;

import io.voiceagents.outbound.application.RejectedException.Kind;
import io.voiceagents.outbound.application.port.AgentDirectory;
import io.voiceagents.outbound.application.port.AgentDirectoryUnavailableException;

/** The agent a single call or a campaign names, asked of agent-service; refused in the same words for both. */
public final class AgentLookup {

    private AgentLookup() {
    }

    /**
     * @throws RejectedException 503 when agent-service does not answer (nothing is stored or changed then), 422
     *                           naming agentId when it does not know the agent
     */
    public static AgentDirectory.Agent require(AgentDirectory agents, UUID agentId) {
        Optional<AgentDirectory.Agent> agent;
        try {
            agent = agents.find(agentId);
        } catch (AgentDirectoryUnavailableException e) {
            throw RejectedException.of(Kind.UNAVAILABLE,
                    "agent-service did not answer, so the agent could not be checked; nothing was changed, try again");
        }
        return agent.orElseThrow(() -> RejectedException.field(Kind.UNPROCESSABLE, "agentId",
                "is not an agent agent-service knows: " + agentId));
    }
}
