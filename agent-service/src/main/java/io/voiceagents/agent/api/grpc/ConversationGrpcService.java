package io.voiceagents.agent.api.grpc;

import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.voiceagents.agent.application.AgentNotFoundException;
import io.voiceagents.agent.application.AgentService;
import io.voiceagents.agent.application.ConversationEndedException;
import io.voiceagents.agent.application.ConversationLifecycle;
import io.voiceagents.agent.application.ConversationNotFoundException;
import io.voiceagents.agent.application.InvalidInputException;
import io.voiceagents.agent.application.ReplyCommand;
import io.voiceagents.agent.application.ReplyResult;
import io.voiceagents.agent.application.ReplyToCaller;
import io.voiceagents.agent.application.StartConversationCommand;
import io.voiceagents.agent.application.StartResult;
import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.MessageOutcome;
import io.voiceagents.contracts.agent.v1.AgentProfile;
import io.voiceagents.contracts.agent.v1.CallMode;
import io.voiceagents.contracts.agent.v1.ConversationService;
import io.voiceagents.contracts.agent.v1.EndConversationRequest;
import io.voiceagents.contracts.agent.v1.EndConversationResponse;
import io.voiceagents.contracts.agent.v1.GetAgentRequest;
import io.voiceagents.contracts.agent.v1.LookupAgentByNumberRequest;
import io.voiceagents.contracts.agent.v1.MachineAction;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.contracts.agent.v1.ReplyRequest;
import io.voiceagents.contracts.agent.v1.ReplyResponse;
import io.voiceagents.contracts.agent.v1.StartConversationRequest;
import io.voiceagents.contracts.agent.v1.StartConversationResponse;

/**
 * The conversation boundary call-gateway talks to. Every method does database work (and Reply waits
 * for the LLM), so all run on worker threads, never on the event loop.
 */
@GrpcService
public class ConversationGrpcService implements ConversationService {

    private static final Logger LOG = Logger.getLogger(ConversationGrpcService.class);
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");

    private final AgentService agents;
    private final ConversationLifecycle lifecycle;
    private final ReplyToCaller replies;
    private final ObjectMapper json;

    public ConversationGrpcService(AgentService agents, ConversationLifecycle lifecycle, ReplyToCaller replies,
            ObjectMapper json) {
        this.agents = agents;
        this.lifecycle = lifecycle;
        this.replies = replies;
        this.json = json;
    }

    @Override
    @Blocking
    public Uni<AgentProfile> lookupAgentByNumber(LookupAgentByNumberRequest request) {
        return handle(() -> {
            String number = request.getPhoneNumber().strip();
            if (!E164.matcher(number).matches()) {
                throw new InvalidInputException("phone_number", "must be an E.164 number like +14155550100");
            }
            return agents.findByPhoneNumber(number).map(ConversationGrpcService::profile)
                    .orElseThrow(() -> new AgentNotFoundException("no agent answers " + number));
        });
    }

    @Override
    @Blocking
    public Uni<AgentProfile> getAgent(GetAgentRequest request) {
        return handle(() -> {
            UUID id = agentId(request.getAgentId());
            if (id == null) {
                throw new InvalidInputException("agent_id", "must not be blank");
            }
            return profile(agents.get(id));
        });
    }

    @Override
    @Blocking
    public Uni<StartConversationResponse> startConversation(StartConversationRequest request) {
        return handle(() -> {
            StartResult result = lifecycle.start(new StartConversationCommand(
                    request.getCallSid().strip(),
                    agentId(request.getAgentId()),
                    blankToNull(request.getFromNumber()),
                    blankToNull(request.getToNumber()),
                    blankToNull(request.getDirection()),
                    blankToNull(request.getInitialMessage()),
                    metadata(request.getMetadataJson())));
            return StartConversationResponse.newBuilder()
                    .setConversationId(result.conversation().id().toString())
                    .setAgent(profile(result.agent()))
                    .setGreeting(result.greeting())
                    .setCreated(result.created())
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<ReplyResponse> reply(ReplyRequest request) {
        return handle(() -> {
            ReplyResult result = replies.reply(new ReplyCommand(request.getCallSid().strip(), request.getUtterance(),
                    blankToNull(request.getTurnId())));
            return ReplyResponse.newBuilder()
                    .setText(result.text())
                    .setOutcome(result.outcome() == MessageOutcome.FALLBACK ? ReplyOutcome.REPLY_OUTCOME_FALLBACK
                            : ReplyOutcome.REPLY_OUTCOME_OK)
                    .setLlmLatencyMs(result.llmLatencyMs())
                    .setMessageId(result.messageId().toString())
                    .build();
        });
    }

    @Override
    @Blocking
    public Uni<EndConversationResponse> endConversation(EndConversationRequest request) {
        return handle(() -> {
            lifecycle.end(request.getCallSid().strip(), blankToNull(request.getFinalStatus()));
            return EndConversationResponse.newBuilder().setEnded(true).build();
        });
    }

    private static <T> Uni<T> handle(Supplier<T> work) {
        try {
            return Uni.createFrom().item(work.get());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(toStatus(e).asRuntimeException());
        }
    }

    static Status toStatus(RuntimeException e) {
        if (e instanceof AgentNotFoundException || e instanceof ConversationNotFoundException) {
            return Status.NOT_FOUND.withDescription(e.getMessage());
        }
        if (e instanceof InvalidInputException invalid) {
            return Status.INVALID_ARGUMENT.withDescription(invalid.field() + " " + invalid.getMessage());
        }
        if (e instanceof ConversationEndedException) {
            return Status.FAILED_PRECONDITION.withDescription(e.getMessage());
        }
        LOG.error("conversation call failed unexpectedly", e);
        return Status.INTERNAL.withDescription("agent-service failed; see its log");
    }

    private String metadata(String metadataJson) {
        if (metadataJson == null || metadataJson.isBlank()) {
            return null;
        }
        try {
            json.readTree(metadataJson);
            return metadataJson;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("metadata_json", "must be valid JSON");
        }
    }

    private static UUID agentId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("agent_id", "must be a UUID");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static AgentProfile profile(Agent agent) {
        return AgentProfile.newBuilder()
                .setAgentId(agent.id().toString())
                .setName(agent.name())
                .setGreeting(agent.greeting())
                .setVoice(agent.voice())
                .setLanguage(agent.language())
                .setCallMode(switch (agent.callMode()) {
                    case GATHER -> CallMode.CALL_MODE_GATHER;
                    case STREAM -> CallMode.CALL_MODE_STREAM;
                    case RELAY -> CallMode.CALL_MODE_RELAY;
                })
                .setVersion(agent.version())
                .addAllPhoneNumbers(agent.phoneNumbers())
                .setMachineAction(switch (agent.machineAction()) {
                    case LEAVE_MESSAGE -> MachineAction.MACHINE_ACTION_LEAVE_MESSAGE;
                    case HANG_UP -> MachineAction.MACHINE_ACTION_HANG_UP;
                })
                // Proto strings cannot be null: empty says "use the greeting", as the contract documents.
                .setVoicemailMessage(agent.voicemailMessage() == null ? "" : agent.voicemailMessage())
                .build();
    }

    // Not served yet: answered UNIMPLEMENTED until the streaming reply lands (issue 4 work in progress).
    @Override
    public io.smallrye.mutiny.Multi<io.voiceagents.contracts.agent.v1.ReplyChunk> streamReply(ReplyRequest request) {
        return io.smallrye.mutiny.Multi.createFrom().failure(io.grpc.Status.UNIMPLEMENTED.asRuntimeException());
    }

    @Override
    public Uni<io.voiceagents.contracts.agent.v1.RecordInterruptionResponse> recordInterruption(
            io.voiceagents.contracts.agent.v1.RecordInterruptionRequest request) {
        return Uni.createFrom().failure(io.grpc.Status.UNIMPLEMENTED.asRuntimeException());
    }
}
