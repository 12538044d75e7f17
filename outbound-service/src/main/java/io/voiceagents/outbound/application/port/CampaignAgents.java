package io.voiceagents.outbound.application.port;

import java.util.Optional;
import java.util.UUID;

import io.voiceagents.outbound.domain.campaign.CampaignAgent;

/** agent-service, as campaigns use it: does the agent exist, which numbers may it call from, what on a machine. */
public interface CampaignAgents {

    /**
     * The agent, empty when agent-service does not know it.
     *
     * @throws CampaignAgentsUnavailableException when agent-service does not answer in time or fails
     */
    Optional<CampaignAgent> find(UUID agentId);

    class CampaignAgentsUnavailableException extends RuntimeException {

        public CampaignAgentsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
