package io.voiceagents.outbound.infra.grpc;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.voiceagents.contracts.agent.v1.AgentProfile;
import io.voiceagents.contracts.agent.v1.ConversationServiceGrpc;
import io.voiceagents.contracts.agent.v1.GetAgentRequest;
import io.voiceagents.outbound.application.port.CampaignAgents;
import io.voiceagents.outbound.config.CampaignConfig;
import io.voiceagents.outbound.domain.campaign.CampaignAgent;
import jakarta.enterprise.context.ApplicationScoped;

/** agent-service's GetAgent over gRPC (client "agent"), with the deadline from {@link CampaignConfig#agentTimeout()}. */
@ApplicationScoped
public class CampaignGrpcAgents implements CampaignAgents {

    private final ConversationServiceGrpc.ConversationServiceBlockingStub agents;
    private final CampaignConfig config;

    public CampaignGrpcAgents(@GrpcClient("agent") ConversationServiceGrpc.ConversationServiceBlockingStub agents,
            CampaignConfig config) {
        this.agents = agents;
        this.config = config;
    }

    @Override
    public Optional<CampaignAgent> find(UUID agentId) {
        AgentProfile profile;
        try {
            profile = agents.withDeadlineAfter(config.agentTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .getAgent(GetAgentRequest.newBuilder().setAgentId(agentId.toString()).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw new CampaignAgentsUnavailableException("agent-service GetAgent failed: " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription()), e);
        }
        CampaignAgent.MachineAction action = switch (profile.getMachineAction()) {
            case MACHINE_ACTION_LEAVE_MESSAGE -> CampaignAgent.MachineAction.LEAVE_MESSAGE;
            case MACHINE_ACTION_HANG_UP -> CampaignAgent.MachineAction.HANG_UP;
            default -> CampaignAgent.MachineAction.UNSPECIFIED;
        };
        return Optional.of(new CampaignAgent(agentId, profile.getPhoneNumbersList(), action));
    }
}
