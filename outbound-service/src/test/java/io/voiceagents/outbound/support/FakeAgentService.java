package io.voiceagents.outbound.support;

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
 * Stands in for agent-service's GetAgent (single calls and campaigns alike): three fixed agents, agents a test
 * creates for itself ({@link #newAgent()}, so tests that change an agent do not disturb each other), agent ids in
 * {@link #failing} and a switch for the whole service that answer UNAVAILABLE.
 */
public final class FakeAgentService extends ConversationServiceGrpc.ConversationServiceImplBase {

    /** Leaves a voicemail message; two numbers. */
    public static final String AGENT = "7b0c5f4e-1d2a-4c3b-9e8f-0a1b2c3d4e5f";
    public static final List<String> AGENT_NUMBERS = List.of("+15005550006", "+15005550007");
    /** Hangs up on machines; one number. */
    public static final String HANG_UP_AGENT = "2f6e3d1c-8b7a-4a59-9c0d-1e2f3a4b5c6d";
    public static final String HANG_UP_NUMBER = "+15005550008";
    /** Has no phone number. */
    public static final String NUMBERLESS_AGENT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    /** The numbers of an agent made by {@link #newAgent()}, the first one its default caller ID. */
    public static final String NEW_AGENT_NUMBER = "+14155550100";
    public static final String NEW_AGENT_OTHER_NUMBER = "+14155550199";

    /** GetAgent answers from here, by agent id; a test may replace an agent it created. */
    public final Map<String, AgentProfile> agents = new ConcurrentHashMap<>();
    /** Agent ids answered with UNAVAILABLE. */
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    private volatile boolean unavailable;

    public FakeAgentService() {
        agents.put(AGENT, profile(AGENT, AGENT_NUMBERS, MachineAction.MACHINE_ACTION_LEAVE_MESSAGE));
        agents.put(HANG_UP_AGENT, profile(HANG_UP_AGENT, List.of(HANG_UP_NUMBER), MachineAction.MACHINE_ACTION_HANG_UP));
        agents.put(NUMBERLESS_AGENT, profile(NUMBERLESS_AGENT, List.of(), MachineAction.MACHINE_ACTION_UNSPECIFIED));
    }

    public void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    public static String unknownAgent() {
        return UUID.randomUUID().toString();
    }

    /** A new agent with {@link #NEW_AGENT_NUMBER} and {@link #NEW_AGENT_OTHER_NUMBER}, leaving a message on machines. */
    public UUID newAgent() {
        return newAgent(List.of(NEW_AGENT_NUMBER, NEW_AGENT_OTHER_NUMBER), MachineAction.MACHINE_ACTION_LEAVE_MESSAGE);
    }

    public UUID newAgent(List<String> numbers, MachineAction action) {
        UUID id = UUID.randomUUID();
        agents.put(id.toString(), profile(id.toString(), numbers, action));
        return id;
    }

    private static AgentProfile profile(String id, List<String> numbers, MachineAction action) {
        return AgentProfile.newBuilder().setAgentId(id).setName("Ada").setGreeting("Hello")
                .addAllPhoneNumbers(numbers).setMachineAction(action).setVersion(1).build();
    }

    @Override
    public void getAgent(GetAgentRequest request, StreamObserver<AgentProfile> response) {
        if (unavailable || failing.contains(request.getAgentId())) {
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
