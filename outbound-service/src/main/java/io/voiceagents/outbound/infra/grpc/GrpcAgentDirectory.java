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
import io.voiceagents.contracts.agent.v1.MachineAction;
import io.voiceagents.outbound.application.port.AgentDirectory;
import io.voiceagents.outbound.application.port.AgentDirectoryUnavailableException;
import io.voiceagents.outbound.config.OutboundConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** agent-service's GetAgent over gRPC (client "agent"); NOT_FOUND is an unknown agent, anything else unavailable. */
@ApplicationScoped
public class GrpcAgentDirectory implements AgentDirectory {

    private final ConversationServiceGrpc.ConversationServiceBlockingStub agents;
    private final OutboundConfig config;

    @Inject
    public GrpcAgentDirectory(@GrpcClient("agent") ConversationServiceGrpc.ConversationServiceBlockingStub agents,
            OutboundConfig config) {
        this.agents = agents;
        this.config = config;
    }

    @Override
    public Optional<Agent> find(UUID agentId) {
        try {
            AgentProfile profile = agents.withDeadlineAfter(config.agent().timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .getAgent(GetAgentRequest.newBuilder().setAgentId(agentId.toString()).build());
            return Optional.of(new Agent(agentId, profile.getPhoneNumbersList(),
                    profile.getMachineAction() == MachineAction.MACHINE_ACTION_LEAVE_MESSAGE));
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
                return Optional.empty();
            }
            throw new AgentDirectoryUnavailableException("agent-service did not answer GetAgent: " + code
                    + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription()), e);
        }
    }
}
