package io.voiceagents.outbound.campaign;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.voiceagents.contracts.agent.v1.AgentProfile;
import io.voiceagents.contracts.agent.v1.ConversationServiceGrpc;
import io.voiceagents.contracts.agent.v1.GetAgentRequest;
import io.voiceagents.contracts.agent.v1.MachineAction;

/**
 * Stands in for agent-service in the campaign tests: GetAgent answers from {@link #agents}; ids in {@link #failing}
 * answer UNAVAILABLE. Campaign tests use their own agent ids, so they do not disturb each other.
 */
public final class CampaignFakeAgentService extends ConversationServiceGrpc.ConversationServiceImplBase {

    public static final String NUMBER = "+14155550100";
    public static final String OTHER_NUMBER = "+14155550199";

    public final Map<String, AgentProfile> agents = new ConcurrentHashMap<>();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();

    /** A new agent with the two test numbers, leaving a message on machines. */
    public UUID newAgent() {
        return newAgent(List.of(NUMBER, OTHER_NUMBER), MachineAction.MACHINE_ACTION_LEAVE_MESSAGE);
    }

    public UUID newAgent(List<String> numbers, MachineAction action) {
        UUID id = UUID.randomUUID();
        agents.put(id.toString(), AgentProfile.newBuilder().setAgentId(id.toString()).setName("Ada")
                .setGreeting("Hello").addAllPhoneNumbers(numbers).setMachineAction(action).setVersion(1).build());
        return id;
    }

    @Override
    public void getAgent(GetAgentRequest request, StreamObserver<AgentProfile> response) {
        if (failing.contains(request.getAgentId())) {
            response.onError(Status.UNAVAILABLE.withDescription("scripted outage").asRuntimeException());
            return;
        }
        AgentProfile profile = agents.get(request.getAgentId());
        if (profile == null) {
            response.onError(Status.NOT_FOUND.withDescription("no agent " + request.getAgentId()).asRuntimeException());
            return;
        }
        response.onNext(profile);
        response.onCompleted();
    }
}
