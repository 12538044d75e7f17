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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.voiceagents.agent.application.AgentNotFoundException;
import io.voiceagents.agent.application.AgentService;
import io.voiceagents.agent.application.ConversationEndedException;
import io.voiceagents.agent.application.ConversationLifecycle;
import io.voiceagents.agent.application.ConversationNotFoundException;
import io.voiceagents.agent.application.InvalidInputException;
import io.voiceagents.agent.application.RecordInterruption;
import io.voiceagents.agent.application.ReplyCommand;
import io.voiceagents.agent.application.ReplyHandle;
import io.voiceagents.agent.application.ReplyResult;
import io.voiceagents.agent.application.ReplyToCaller;
import io.voiceagents.agent.application.StartConversationCommand;
import io.voiceagents.agent.application.StartResult;
import io.voiceagents.agent.application.StreamReplyToCaller;
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
import io.voiceagents.contracts.agent.v1.RecordInterruptionRequest;
import io.voiceagents.contracts.agent.v1.RecordInterruptionResponse;
import io.voiceagents.contracts.agent.v1.ReplyChunk;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.contracts.agent.v1.ReplyRequest;
import io.voiceagents.contracts.agent.v1.ReplyResponse;
import io.voiceagents.contracts.agent.v1.StartConversationRequest;
import io.voiceagents.contracts.agent.v1.StartConversationResponse;

/**
 * The conversation boundary call-gateway talks to. The unary methods do database work (and Reply waits
 * for the LLM), so they run on worker threads. StreamReply is called on the event loop and only hands the
 * turn to its use case, which does the database work on its own threads and emits chunks as the LLM writes.
 */
@GrpcService
public class ConversationGrpcService implements ConversationService {

    private static final Logger LOG = Logger.getLogger(ConversationGrpcService.class);
    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");

    private final AgentService agents;
    private final ConversationLifecycle lifecycle;
    private final ReplyToCaller replies;
    private final StreamReplyToCaller streamReplies;
    private final RecordInterruption interruptions;
    private final ObjectMapper json;

    public ConversationGrpcService(AgentService agents, ConversationLifecycle lifecycle, ReplyToCaller replies,
            StreamReplyToCaller streamReplies, RecordInterruption interruptions, ObjectMapper json) {
        this.agents = agents;
        this.lifecycle = lifecycle;
        this.replies = replies;
        this.streamReplies = streamReplies;
        this.interruptions = interruptions;
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
        ReplyCommand command = command(request);
        return handle(() -> {
            ReplyResult result = replies.reply(command);
            return ReplyResponse.newBuilder()
                    .setText(result.text())
                    .setOutcome(outcome(result.outcome()))
                    .setLlmLatencyMs(result.llmLatencyMs())
                    .setMessageId(result.messageId().toString())
                    .setTransferTo(result.transferTo() == null ? "" : result.transferTo())
                    .build();
        });
    }

    /** Not @Blocking: starting a streamed reply never blocks, and the chunks come from other threads anyway. */
    @Override
    public Multi<ReplyChunk> streamReply(ReplyRequest request) {
        ReplyCommand command = command(request);
        return Multi.createFrom().emitter(emitter -> {
            ReplyHandle reply;
            try {
                reply = streamReplies.start(command, new ChunkSink(emitter));
            } catch (RuntimeException e) {
                emitter.fail(toStatus(e).asRuntimeException());
                return;
            }
            // Runs when the client cancels the call (barge-in, hang-up) and, harmlessly, after the last chunk.
            emitter.onTermination(reply::cancel);
        });
    }

    @Override
    @Blocking
    public Uni<RecordInterruptionResponse> recordInterruption(RecordInterruptionRequest request) {
        return handle(() -> RecordInterruptionResponse.newBuilder()
                .setUpdated(interruptions.record(request.getCallSid(), request.getTurnId(), request.getHeardText()))
                .build());
    }

    @Override
    @Blocking
    public Uni<EndConversationResponse> endConversation(EndConversationRequest request) {
        return handle(() -> {
            lifecycle.end(request.getCallSid().strip(), blankToNull(request.getFinalStatus()));
            return EndConversationResponse.newBuilder().setEnded(true).build();
        });
    }

    private static ReplyCommand command(ReplyRequest request) {
        // The clock starts here: agent-service's own time before the LLM request is measured from this moment.
        long received = System.nanoTime();
        return new ReplyCommand(request.getCallSid().strip(), request.getUtterance(), blankToNull(request.getTurnId()),
                blankToNull(request.getDtmfDigits()), received);
    }

    static ReplyOutcome outcome(MessageOutcome outcome) {
        return switch (outcome) {
            case OK, GREETING -> ReplyOutcome.REPLY_OUTCOME_OK;
            case FALLBACK -> ReplyOutcome.REPLY_OUTCOME_FALLBACK;
            case END_CALL -> ReplyOutcome.REPLY_OUTCOME_END_CALL;
            case TRANSFER -> ReplyOutcome.REPLY_OUTCOME_TRANSFER;
        };
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
                .setTransferNumber(agent.transferNumber() == null ? "" : agent.transferNumber())
                .build();
    }
}
