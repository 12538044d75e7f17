package io.voiceagents.agent.api.grpc;

import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.voiceagents.contracts.agent.v1.ConversationServiceGrpc;
import io.voiceagents.contracts.agent.v1.RecordInterruptionRequest;
import io.voiceagents.contracts.agent.v1.ReplyChunk;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.contracts.agent.v1.ReplyRequest;
import io.voiceagents.contracts.agent.v1.StartConversationRequest;
import io.voiceagents.contracts.agent.v1.StartConversationResponse;
import io.voiceagents.testkit.support.ServiceGrpc;

/** The conversation gRPC API as the streaming tests call it: one channel, blocking and async stubs. */
final class ConversationClient implements AutoCloseable {

    private static boolean warmedUp;

    final ManagedChannel channel;
    final ConversationServiceGrpc.ConversationServiceBlockingStub blocking;
    final ConversationServiceGrpc.ConversationServiceStub async;

    ConversationClient() {
        channel = ServiceGrpc.channel();
        blocking = ConversationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        async = ConversationServiceGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /**
     * The first LLM calls of a fresh JVM load the HTTP and JSON stacks (one client per model kind); on a busy
     * build machine that alone can exceed the tests' short LLM timeout, so unasserted turns go first.
     */
    void warmUp() {
        synchronized (ConversationClient.class) {
            if (warmedUp) {
                return;
            }
            String callSid = callSid();
            start(createAgent(body("Warm-up", randomNumber())), callSid);
            for (int attempt = 0; attempt < 3; attempt++) {
                List<ReplyChunk> chunks = stream(callSid, "warming up", "warm-" + attempt);
                if (last(chunks).getOutcome() == ReplyOutcome.REPLY_OUTCOME_OK) {
                    break;
                }
            }
            warmedUp = true;
        }
    }

    StartConversationResponse start(String agentId, String callSid) {
        return blocking.startConversation(StartConversationRequest.newBuilder()
                .setCallSid(callSid).setAgentId(agentId).setFromNumber("+14155550123").setToNumber("+14155550100")
                .setDirection("inbound").build());
    }

    List<ReplyChunk> stream(String callSid, String utterance, String turnId) {
        return stream(request(callSid, utterance, turnId));
    }

    /** Every chunk of one streamed reply, in order. */
    List<ReplyChunk> stream(ReplyRequest request) {
        List<ReplyChunk> chunks = new ArrayList<>();
        blocking.streamReply(request).forEachRemaining(chunks::add);
        return chunks;
    }

    boolean interrupt(String callSid, String turnId, String heardText) {
        return blocking.recordInterruption(RecordInterruptionRequest.newBuilder().setCallSid(callSid)
                .setTurnId(turnId).setHeardText(heardText).build()).getUpdated();
    }

    /**
     * Starts a StreamReply without keeping its chunks and returns the call (to cancel it, as a barge-in does);
     * {@code ended} gets how it ended: {@link Status#OK} when it completed.
     */
    ClientCallStreamObserver<ReplyRequest> startReply(ReplyRequest request, Consumer<Status> ended) {
        AtomicReference<ClientCallStreamObserver<ReplyRequest>> call = new AtomicReference<>();
        async.streamReply(request, new ClientResponseObserver<ReplyRequest, ReplyChunk>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ReplyRequest> requestStream) {
                call.set(requestStream);
            }

            @Override
            public void onNext(ReplyChunk chunk) {
            }

            @Override
            public void onError(Throwable t) {
                ended.accept(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.accept(Status.OK);
            }
        });
        return call.get();
    }

    static ReplyRequest request(String callSid, String utterance, String turnId) {
        return ReplyRequest.newBuilder().setCallSid(callSid).setUtterance(utterance).setTurnId(turnId)
                .setConfidence(0.9f).build();
    }

    static String text(List<ReplyChunk> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.getDelta()));
        return text.toString();
    }

    static ReplyChunk last(List<ReplyChunk> chunks) {
        return chunks.get(chunks.size() - 1);
    }

    static String callSid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
