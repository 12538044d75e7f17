package io.voiceagents.gateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.voiceagents.contracts.agent.v1.AgentProfile;
import io.voiceagents.contracts.agent.v1.CallMode;
import io.voiceagents.contracts.agent.v1.ConversationServiceGrpc;
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
 * Stands in for agent-service in the gateway's own tests: a ConversationService whose answers, delay
 * and failures each test scripts. By default it knows one number and echoes the caller.
 */
public final class FakeAgentService extends ConversationServiceGrpc.ConversationServiceImplBase {

    public static final String AGENT_NUMBER = "+15005550010";
    public static final String AGENT_ID = "agent-1";
    public static final String GREETING = "Hello, this is Ada. How can I help?";
    public static final String VOICE = "en-US-Neural2-F";
    /** An agent that places outbound calls: agent-service ids are UUIDs, and outbound URLs carry them as such. */
    public static final String OUTBOUND_AGENT_ID = "7b0c5c4e-2f7a-4d55-9a61-3f1d2b8e9c01";
    public static final String OUTBOUND_AGENT_NUMBER = "+15005550020";
    public static final String OUTBOUND_GREETING = "Hi, this is Bea from Acme.";
    /** Where {@link #echoStream} transfers a caller who says "transfer". */
    public static final String TRANSFER_NUMBER = "+15005550199";
    public static final String VOICEMAIL = "Hi, this is Bea from Acme. Please call us back at your convenience.";

    public final Map<String, AgentProfile> agentsByNumber = new ConcurrentHashMap<>();
    public final List<ReplyRequest> replies = new CopyOnWriteArrayList<>();
    public final List<EndConversationRequest> ends = new CopyOnWriteArrayList<>();
    public final List<StartConversationRequest> starts = new CopyOnWriteArrayList<>();
    public final List<GetAgentRequest> agentReads = new CopyOnWriteArrayList<>();
    private final AtomicInteger failReplies = new AtomicInteger();
    private volatile Duration replyDelay = Duration.ZERO;
    private volatile Function<ReplyRequest, ReplyResponse> replyScript = FakeAgentService::echo;
    /** StreamReply requests, in arrival order. */
    public final List<ReplyRequest> streamRequests = new CopyOnWriteArrayList<>();
    /** Turn ids of StreamReply calls the client cancelled (seen by the server). */
    public final List<String> cancelledStreams = new CopyOnWriteArrayList<>();
    public final List<RecordInterruptionRequest> interruptions = new CopyOnWriteArrayList<>();
    private volatile Function<ReplyRequest, StreamPlan> streamScript = FakeAgentService::echoStream;

    /**
     * How the fake streams one reply: {@code gap} before each chunk, then it fails with {@code failWith}, holds the
     * stream open until the client cancels ({@code holdOpen}), or completes.
     */
    public record StreamPlan(List<ReplyChunk> chunks, Duration gap, boolean holdOpen, Status failWith) {

        public static StreamPlan of(List<ReplyChunk> chunks) {
            return new StreamPlan(chunks, Duration.ZERO, false, null);
        }

        public StreamPlan withGap(Duration newGap) {
            return new StreamPlan(chunks, newGap, holdOpen, failWith);
        }

        /** Sends the chunks, then keeps the stream open until the client cancels it. */
        public StreamPlan thenHold() {
            return new StreamPlan(chunks, gap, true, failWith);
        }

        public StreamPlan thenFail(Status status) {
            return new StreamPlan(chunks, gap, false, status);
        }
    }

    public FakeAgentService() {
        reset();
    }

    public void reset() {
        agentsByNumber.clear();
        agentsByNumber.put(AGENT_NUMBER, profile(AGENT_NUMBER, AGENT_ID, CallMode.CALL_MODE_GATHER));
        outboundAgent(MachineAction.MACHINE_ACTION_LEAVE_MESSAGE, VOICEMAIL);
        replies.clear();
        ends.clear();
        starts.clear();
        agentReads.clear();
        failReplies.set(0);
        replyDelay = Duration.ZERO;
        replyScript = FakeAgentService::echo;
        streamRequests.clear();
        cancelledStreams.clear();
        interruptions.clear();
        streamScript = FakeAgentService::echoStream;
    }

    public void streamScript(Function<ReplyRequest, StreamPlan> script) {
        this.streamScript = script;
    }

    /** A text delta; the first text-bearing one carries the LLM's time to first token. */
    public static ReplyChunk delta(String text, long llmFirstTokenMs) {
        return ReplyChunk.newBuilder().setDelta(text).setLlmFirstTokenMs(llmFirstTokenMs).build();
    }

    public static ReplyChunk last(ReplyOutcome outcome, String transferTo, String turnId) {
        return ReplyChunk.newBuilder().setLast(true).setOutcome(outcome).setTransferTo(transferTo == null ? "" : transferTo)
                .setLlmLatencyMs(120).setMessageId("m-" + turnId).build();
    }

    /**
     * The streamed echo: "You said: ..." (or "You pressed ..." for keys) in three deltas. "bye" ends the call,
     * "transfer" transfers it to {@link #TRANSFER_NUMBER}.
     */
    public static StreamPlan echoStream(ReplyRequest request) {
        String utterance = request.getUtterance();
        String lower = utterance.toLowerCase();
        List<ReplyChunk> chunks = new ArrayList<>();
        if (!request.getDtmfDigits().isEmpty() && utterance.isEmpty()) {
            chunks.add(delta("You pressed ", 35));
            chunks.add(delta(request.getDtmfDigits(), 0));
            chunks.add(last(ReplyOutcome.REPLY_OUTCOME_OK, null, request.getTurnId()));
        } else if (lower.contains("bye")) {
            chunks.add(delta("Goodbye, ", 35));
            chunks.add(delta("thanks for calling.", 0));
            chunks.add(last(ReplyOutcome.REPLY_OUTCOME_END_CALL, null, request.getTurnId()));
        } else if (lower.contains("transfer")) {
            chunks.add(delta("Transferring you ", 35));
            chunks.add(delta("now.", 0));
            chunks.add(last(ReplyOutcome.REPLY_OUTCOME_TRANSFER, TRANSFER_NUMBER, request.getTurnId()));
        } else {
            chunks.add(delta("You ", 35));
            chunks.add(delta("said: ", 0));
            chunks.add(delta(utterance, 0));
            chunks.add(last(ReplyOutcome.REPLY_OUTCOME_OK, null, request.getTurnId()));
        }
        return StreamPlan.of(chunks);
    }

    @Override
    public void streamReply(ReplyRequest request, StreamObserver<ReplyChunk> response) {
        streamRequests.add(request);
        ServerCallStreamObserver<ReplyChunk> call = (ServerCallStreamObserver<ReplyChunk>) response;
        CountDownLatch cancelled = new CountDownLatch(1);
        call.setOnCancelHandler(() -> {
            cancelledStreams.add(request.getTurnId());
            cancelled.countDown();
        });
        if (failReplies.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            response.onError(Status.UNAVAILABLE.withDescription("scripted failure").asRuntimeException());
            return;
        }
        StreamPlan plan = streamScript.apply(request);
        // played on its own thread: gRPC delivers the cancellation on this call's serialized executor, which a
        // handler waiting here would block
        Thread.ofVirtual().name("fake-agent-stream").start(() -> {
            for (ReplyChunk chunk : plan.chunks()) {
                if (await(cancelled, plan.gap())) {
                    return;
                }
                response.onNext(chunk);
            }
            if (plan.failWith() != null) {
                response.onError(plan.failWith().asRuntimeException());
            } else if (plan.holdOpen()) {
                await(cancelled, Duration.ofSeconds(30));
            } else {
                response.onCompleted();
            }
        });
    }

    @Override
    public void recordInterruption(RecordInterruptionRequest request, StreamObserver<RecordInterruptionResponse> response) {
        interruptions.add(request);
        response.onNext(RecordInterruptionResponse.newBuilder().setUpdated(true).build());
        response.onCompleted();
    }

    /** Waits up to {@code delay}; true when the client cancelled meanwhile. */
    private static boolean await(CountDownLatch cancelled, Duration delay) {
        try {
            return cancelled.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    public static AgentProfile profile(String number, String agentId, CallMode mode) {
        return AgentProfile.newBuilder().setAgentId(agentId).setName("Ada").setGreeting(GREETING).setVoice(VOICE)
                .setLanguage("en-US").setCallMode(mode).setVersion(1).build();
    }

    /** (Re)defines the outbound agent with this answering-machine behaviour. */
    public void outboundAgent(MachineAction machineAction, String voicemailMessage) {
        agentsByNumber.put(OUTBOUND_AGENT_NUMBER, AgentProfile.newBuilder().setAgentId(OUTBOUND_AGENT_ID).setName("Bea")
                .setGreeting(OUTBOUND_GREETING).setVoice(VOICE).setLanguage("en-US").setCallMode(CallMode.CALL_MODE_GATHER)
                .addPhoneNumbers(OUTBOUND_AGENT_NUMBER).setMachineAction(machineAction).setVoicemailMessage(voicemailMessage)
                .setVersion(1).build());
    }

    /** Echoes the caller; "bye" in the utterance ends the call, "transfer" transfers it to {@link #TRANSFER_NUMBER}. */
    public static ReplyResponse echo(ReplyRequest request) {
        if (request.getUtterance().toLowerCase().contains("transfer")) {
            return ReplyResponse.newBuilder().setText("Transferring you now.").setOutcome(ReplyOutcome.REPLY_OUTCOME_TRANSFER)
                    .setTransferTo(TRANSFER_NUMBER).setLlmLatencyMs(42).setMessageId("m-" + request.getTurnId()).build();
        }
        boolean bye = request.getUtterance().toLowerCase().contains("bye");
        return ReplyResponse.newBuilder()
                .setText(bye ? "Goodbye, thanks for calling." : "You said: " + request.getUtterance())
                .setOutcome(bye ? ReplyOutcome.REPLY_OUTCOME_END_CALL : ReplyOutcome.REPLY_OUTCOME_OK)
                .setLlmLatencyMs(42)
                .setMessageId("m-" + request.getTurnId())
                .build();
    }

    public void failNextReplies(int count) {
        failReplies.set(count);
    }

    public void replyDelay(Duration delay) {
        this.replyDelay = delay;
    }

    public void replyScript(Function<ReplyRequest, ReplyResponse> script) {
        this.replyScript = script;
    }

    @Override
    public void lookupAgentByNumber(LookupAgentByNumberRequest request, StreamObserver<AgentProfile> response) {
        AgentProfile profile = agentsByNumber.get(request.getPhoneNumber());
        if (profile == null) {
            response.onError(Status.NOT_FOUND.withDescription("no agent answers " + request.getPhoneNumber())
                    .asRuntimeException());
            return;
        }
        response.onNext(profile);
        response.onCompleted();
    }

    @Override
    public void getAgent(GetAgentRequest request, StreamObserver<AgentProfile> response) {
        agentReads.add(request);
        AgentProfile profile = byId(request.getAgentId());
        if (profile == null) {
            response.onError(Status.NOT_FOUND.withDescription("no agent " + request.getAgentId()).asRuntimeException());
            return;
        }
        response.onNext(profile);
        response.onCompleted();
    }

    @Override
    public void startConversation(StartConversationRequest request, StreamObserver<StartConversationResponse> response) {
        starts.add(request);
        AgentProfile profile = byId(request.getAgentId());
        if (profile == null) {
            response.onError(Status.NOT_FOUND.withDescription("unknown agent").asRuntimeException());
            return;
        }
        // as agent-service does: an initial message replaces the greeting
        String greeting = request.getInitialMessage().isBlank() ? profile.getGreeting() : request.getInitialMessage();
        response.onNext(StartConversationResponse.newBuilder().setConversationId("conv-" + request.getCallSid())
                .setAgent(profile).setGreeting(greeting).setCreated(true).build());
        response.onCompleted();
    }

    @Override
    public void reply(ReplyRequest request, StreamObserver<ReplyResponse> response) {
        replies.add(request);
        sleep(replyDelay);
        if (failReplies.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            response.onError(Status.UNAVAILABLE.withDescription("scripted failure").asRuntimeException());
            return;
        }
        response.onNext(replyScript.apply(request));
        response.onCompleted();
    }

    @Override
    public void endConversation(EndConversationRequest request, StreamObserver<EndConversationResponse> response) {
        ends.add(request);
        // as agent-service does: a call that never started a conversation has none to end
        if (starts.stream().noneMatch(start -> start.getCallSid().equals(request.getCallSid()))) {
            response.onError(Status.NOT_FOUND.withDescription("no conversation for call " + request.getCallSid())
                    .asRuntimeException());
            return;
        }
        response.onNext(EndConversationResponse.newBuilder().setEnded(true).build());
        response.onCompleted();
    }

    private AgentProfile byId(String agentId) {
        return agentsByNumber.values().stream().filter(p -> p.getAgentId().equals(agentId)).findFirst().orElse(null);
    }

    static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
