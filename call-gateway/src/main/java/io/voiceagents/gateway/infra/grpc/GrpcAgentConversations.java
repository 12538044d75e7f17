package io.voiceagents.gateway.infra.grpc;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.voiceagents.contracts.agent.v1.AgentProfile;
import io.voiceagents.contracts.agent.v1.ConversationServiceGrpc;
import io.voiceagents.contracts.agent.v1.EndConversationRequest;
import io.voiceagents.contracts.agent.v1.GetAgentRequest;
import io.voiceagents.contracts.agent.v1.LookupAgentByNumberRequest;
import io.voiceagents.contracts.agent.v1.MutinyConversationServiceGrpc;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.contracts.agent.v1.ReplyRequest;
import io.voiceagents.contracts.agent.v1.ReplyResponse;
import io.voiceagents.contracts.agent.v1.StartConversationRequest;
import io.voiceagents.contracts.agent.v1.StartConversationResponse;
import io.voiceagents.gateway.application.port.AgentConversations;
import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.CallMode;
import io.voiceagents.gateway.domain.MachineAction;
import io.voiceagents.gateway.domain.TurnOutcome;

/** agent-service over gRPC (client "agent"): deadlines from {@link GatewayConfig}, failures as {@link AgentServiceException}. */
@ApplicationScoped
public class GrpcAgentConversations implements AgentConversations {

    private static final Logger LOG = Logger.getLogger(GrpcAgentConversations.class);

    private final ConversationServiceGrpc.ConversationServiceBlockingStub blocking;
    private final MutinyConversationServiceGrpc.MutinyConversationServiceStub async;
    private final GatewayConfig.Agent config;

    @Inject
    public GrpcAgentConversations(@GrpcClient("agent") ConversationServiceGrpc.ConversationServiceBlockingStub blocking,
            @GrpcClient("agent") MutinyConversationServiceGrpc.MutinyConversationServiceStub async, GatewayConfig config) {
        this.blocking = blocking;
        this.async = async;
        this.config = config.agent();
    }

    @Override
    public Optional<io.voiceagents.gateway.domain.AgentProfile> findAgentByNumber(String phoneNumber) {
        try {
            AgentProfile profile = within(config.startBudget())
                    .lookupAgentByNumber(LookupAgentByNumberRequest.newBuilder().setPhoneNumber(nullToEmpty(phoneNumber)).build());
            return Optional.of(asDomain(profile));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure("LookupAgentByNumber", e);
        }
    }

    @Override
    public Optional<io.voiceagents.gateway.domain.AgentProfile> getAgent(String agentId) {
        try {
            AgentProfile profile = within(config.startBudget())
                    .getAgent(GetAgentRequest.newBuilder().setAgentId(nullToEmpty(agentId)).build());
            return Optional.of(asDomain(profile));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure("GetAgent", e);
        }
    }

    @Override
    public ConversationStart startConversation(StartRequest request) {
        try {
            StartConversationResponse response = within(config.startBudget()).startConversation(
                    StartConversationRequest.newBuilder()
                            .setCallSid(request.callSid())
                            .setAgentId(request.agentId())
                            .setFromNumber(nullToEmpty(request.from()))
                            .setToNumber(nullToEmpty(request.to()))
                            .setDirection(nullToEmpty(request.direction()))
                            .setInitialMessage(nullToEmpty(request.initialMessage()))
                            .setMetadataJson(nullToEmpty(request.metadataJson()))
                            .build());
            return new ConversationStart(response.getGreeting(), response.hasAgent() ? asDomain(response.getAgent()) : null);
        } catch (StatusRuntimeException e) {
            throw failure("StartConversation", e);
        }
    }

    @Override
    public AgentReply reply(String callSid, String utterance, float confidence, String turnId) {
        try {
            ReplyResponse response = within(config.replyBudget()).reply(ReplyRequest.newBuilder()
                    .setCallSid(callSid)
                    .setUtterance(utterance)
                    .setConfidence(confidence)
                    .setTurnId(turnId)
                    .build());
            if (response.getText().isBlank()) {
                throw new AgentServiceException("Reply for " + turnId + " had no text", false, null);
            }
            return new AgentReply(response.getText(), asDomain(response.getOutcome()), response.getLlmLatencyMs(),
                    response.getTransferTo().isBlank() ? null : response.getTransferTo().strip());
        } catch (StatusRuntimeException e) {
            throw failure("Reply", e);
        }
    }

    @Override
    public CompletionStage<Void> endConversation(String callSid, String finalStatus) {
        return async.withDeadlineAfter(config.endBudget().toMillis(), TimeUnit.MILLISECONDS)
                .endConversation(EndConversationRequest.newBuilder().setCallSid(callSid).setFinalStatus(finalStatus).build())
                .onFailure().invoke(e -> logEndFailure(callSid, e))
                .onFailure().recoverWithNull()
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    /** NOT_FOUND means the call never had a conversation (nobody or a machine answered an outbound call): nothing to end. */
    private static void logEndFailure(String callSid, Throwable e) {
        if (e instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
            LOG.debugf("EndConversation for %s: no conversation to end", callSid);
            return;
        }
        LOG.warnf("EndConversation for %s failed: %s", callSid, e.getMessage());
    }

    private ConversationServiceGrpc.ConversationServiceBlockingStub within(Duration budget) {
        return blocking.withDeadlineAfter(budget.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static AgentServiceException failure(String rpc, StatusRuntimeException e) {
        boolean timedOut = e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED;
        return new AgentServiceException(rpc + " failed: " + e.getStatus().getCode() + " " + nullToEmpty(e.getStatus().getDescription()),
                timedOut, e);
    }

    private static io.voiceagents.gateway.domain.AgentProfile asDomain(AgentProfile p) {
        return new io.voiceagents.gateway.domain.AgentProfile(p.getAgentId(), p.getName(), p.getGreeting(), p.getVoice(),
                p.getLanguage(), asDomain(p.getCallMode()), p.getPhoneNumbersList(), asDomain(p.getMachineAction()),
                p.getVoicemailMessage());
    }

    private static MachineAction asDomain(io.voiceagents.contracts.agent.v1.MachineAction action) {
        return switch (action) {
            case MACHINE_ACTION_LEAVE_MESSAGE -> MachineAction.LEAVE_MESSAGE;
            case MACHINE_ACTION_HANG_UP -> MachineAction.HANG_UP;
            case MACHINE_ACTION_UNSPECIFIED, UNRECOGNIZED -> MachineAction.UNSPECIFIED;
        };
    }

    private static CallMode asDomain(io.voiceagents.contracts.agent.v1.CallMode mode) {
        return switch (mode) {
            case CALL_MODE_GATHER -> CallMode.GATHER;
            case CALL_MODE_STREAM -> CallMode.STREAM;
            case CALL_MODE_RELAY -> CallMode.RELAY;
            case CALL_MODE_UNSPECIFIED, UNRECOGNIZED -> CallMode.UNSPECIFIED;
        };
    }

    private static TurnOutcome asDomain(ReplyOutcome outcome) {
        return switch (outcome) {
            case REPLY_OUTCOME_END_CALL -> TurnOutcome.END_CALL;
            case REPLY_OUTCOME_TRANSFER -> TurnOutcome.TRANSFER;
            case REPLY_OUTCOME_FALLBACK -> TurnOutcome.FALLBACK;
            case REPLY_OUTCOME_OK, REPLY_OUTCOME_UNSPECIFIED, UNRECOGNIZED -> TurnOutcome.OK;
        };
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
