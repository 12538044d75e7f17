package io.voiceagents.outbound.application.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.voiceagents.outbound.application.port.AgentDirectory;
import io.voiceagents.outbound.application.port.AgentDirectoryUnavailableException;
import io.voiceagents.outbound.domain.MachineDetection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Twilio's MachineDetection value for a campaign's calls, from its agent's machine action (DetectMessageEnd to
 * leave a message after the beep, Enable to hang up). Resolved when the call is queued, so the dialer only copies
 * the column; remembered {@link #FRESH} per agent so a tick every 250 ms does not ask agent-service each time.
 * An agent that cannot be read is asked again after {@link #RETRY_AFTER}; meanwhile its campaigns queue nothing,
 * rather than dial with the wrong machine handling.
 */
@ApplicationScoped
public class CampaignMachineDetection {

    static final Duration FRESH = Duration.ofSeconds(30);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(CampaignMachineDetection.class);

    private final AgentDirectory agents;
    private final Map<UUID, Known> known = new ConcurrentHashMap<>();

    public CampaignMachineDetection(AgentDirectory agents) {
        this.agents = agents;
    }

    private record Known(Optional<String> mode, Instant until) {
    }

    /** The MachineDetection value, empty while the agent cannot be read. */
    public Optional<String> forAgent(UUID agentId) {
        Instant now = Instant.now();
        Known cached = known.get(agentId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.mode();
        }
        Known fresh;
        try {
            Optional<AgentDirectory.Agent> agent = agents.find(agentId);
            if (agent.isEmpty()) {
                LOG.warnf("agent %s of a running campaign is unknown to agent-service: its campaigns with machine "
                        + "detection queue no calls", agentId);
                fresh = new Known(Optional.empty(), now.plus(RETRY_AFTER));
            } else {
                fresh = new Known(Optional.of(MachineDetection.forCall(true, agent.get().leavesVoicemail())),
                        now.plus(FRESH));
            }
        } catch (AgentDirectoryUnavailableException e) {
            LOG.warnf("agent-service did not answer for agent %s (%s): its campaigns with machine detection wait",
                    agentId, e.getMessage());
            fresh = new Known(Optional.empty(), now.plus(RETRY_AFTER));
        }
        known.put(agentId, fresh);
        return fresh.mode();
    }
}
