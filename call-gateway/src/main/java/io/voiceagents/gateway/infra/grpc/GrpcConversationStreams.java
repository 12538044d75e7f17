package io.voiceagents.gateway.infra.grpc;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.voiceagents.contracts.agent.v1.ConversationServiceGrpc;
import io.voiceagents.contracts.agent.v1.RecordInterruptionRequest;
import io.voiceagents.contracts.agent.v1.RecordInterruptionResponse;
import io.voiceagents.contracts.agent.v1.ReplyChunk;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.contracts.agent.v1.ReplyRequest;
import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.TurnOutcome;

/**
 * StreamReply and RecordInterruption of agent-service over gRPC (client "agent"), on the plain async stub: the
 * caller's thread only starts the call, chunks arrive on gRPC's threads, and {@link ReplyStream#cancel()}
 * cancels the call itself, so agent-service sees the cancellation and stops its LLM request. A reply that sends
 * nothing within the first-chunk budget, or not all within the stream budget, fails as timed out.
 */
@ApplicationScoped
public class GrpcConversationStreams implements ConversationStreams {

    private static final Logger LOG = Logger.getLogger(GrpcConversationStreams.class);

    private final ConversationServiceGrpc.ConversationServiceStub stub;
    private final GatewayConfig.Agent config;
    private final StreamTimer timer;

    @Inject
    public GrpcConversationStreams(@GrpcClient("agent") Channel channel, GatewayConfig config, StreamTimer timer) {
        this(channel, config.agent(), timer);
    }

    GrpcConversationStreams(Channel channel, GatewayConfig.Agent config, StreamTimer timer) {
        this.stub = ConversationServiceGrpc.newStub(channel);
        this.config = config;
        this.timer = timer;
    }

    @Override
    public ReplyStream streamReply(String callSid, String utterance, float confidence, String dtmfDigits, String turnId,
            ReplyListener listener) {
        ReplyRequest request = ReplyRequest.newBuilder()
                .setCallSid(callSid)
                .setUtterance(utterance == null ? "" : utterance)
                .setConfidence(confidence)
                .setDtmfDigits(dtmfDigits == null ? "" : dtmfDigits)
                .setTurnId(turnId)
                .build();
        ReplyCall call = new ReplyCall(turnId, listener);
        try {
            stub.withDeadlineAfter(config.streamBudget().toMillis(), TimeUnit.MILLISECONDS).streamReply(request, call);
        } catch (RuntimeException e) {
            call.fail(new AgentServiceException("StreamReply for " + turnId + " could not start: " + e.getMessage(),
                    false, false, e));
            return call;
        }
        call.firstChunkTimer(timer.after(config.streamFirstChunkBudget(), call::firstChunkMissed));
        return call;
    }

    @Override
    public void recordInterruption(String callSid, String turnId, String heardText) {
        RecordInterruptionRequest request = RecordInterruptionRequest.newBuilder()
                .setCallSid(callSid)
                .setTurnId(turnId)
                .setHeardText(heardText == null ? "" : heardText)
                .build();
        stub.withDeadlineAfter(config.interruptionBudget().toMillis(), TimeUnit.MILLISECONDS)
                .recordInterruption(request, new StreamObserver<>() {
                    @Override
                    public void onNext(RecordInterruptionResponse response) {
                        if (!response.getUpdated()) {
                            LOG.debugf("RecordInterruption for %s changed nothing (no such reply, or already recorded)",
                                    turnId);
                        }
                    }

                    @Override
                    public void onError(Throwable error) {
                        // the call goes on; only the next prompt's history keeps words the caller never heard
                        LOG.warnf("RecordInterruption for %s failed: %s", turnId, Status.fromThrowable(error));
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    static TurnOutcome asDomain(ReplyOutcome outcome) {
        return switch (outcome) {
            case REPLY_OUTCOME_END_CALL -> TurnOutcome.END_CALL;
            case REPLY_OUTCOME_TRANSFER -> TurnOutcome.TRANSFER;
            case REPLY_OUTCOME_FALLBACK -> TurnOutcome.FALLBACK;
            case REPLY_OUTCOME_OK, REPLY_OUTCOME_UNSPECIFIED, UNRECOGNIZED -> TurnOutcome.OK;
        };
    }

    /**
     * One StreamReply call. Every listener call and {@link #cancel()} take the same lock, so once {@code cancel}
     * returns no listener call follows, and exactly one of onComplete / onError ends the reply.
     */
    static final class ReplyCall implements ClientResponseObserver<ReplyRequest, ReplyChunk>, ReplyStream {

        private final String turnId;
        private final ReplyListener listener;
        private final Object lock = new Object();
        private ClientCallStreamObserver<ReplyRequest> requestStream;
        private Runnable cancelTimer = () -> { };
        private boolean finished;
        private boolean chunkSeen;
        private boolean textSeen;

        ReplyCall(String turnId, ReplyListener listener) {
            this.turnId = turnId;
            this.listener = listener;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ReplyRequest> requestStream) {
            this.requestStream = requestStream;
        }

        void firstChunkTimer(Runnable cancel) {
            synchronized (lock) {
                if (finished || chunkSeen) {
                    cancel.run();
                } else {
                    cancelTimer = cancel;
                }
            }
        }

        @Override
        public void onNext(ReplyChunk chunk) {
            synchronized (lock) {
                if (finished) {
                    return;
                }
                if (!chunkSeen) {
                    chunkSeen = true;
                    cancelTimer.run();
                }
                if (!chunk.getDelta().isEmpty()) {
                    // the first text-bearing chunk carries the provider's time to first token
                    listener.onDelta(chunk.getDelta(), textSeen ? 0 : chunk.getLlmFirstTokenMs());
                    textSeen = true;
                }
                if (chunk.getLast()) {
                    finished = true;
                    listener.onComplete(new ReplyEnd(asDomain(chunk.getOutcome()),
                            chunk.getTransferTo().isBlank() ? null : chunk.getTransferTo(), chunk.getLlmLatencyMs(),
                            chunk.getMessageId(), chunk.getReplayed()));
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            Status status = Status.fromThrowable(error);
            fail(new AgentServiceException(GrpcFailures.describe("StreamReply for " + turnId, status),
                    GrpcFailures.timedOut(status), GrpcFailures.retriable(status), error));
        }

        @Override
        public void onCompleted() {
            fail(new AgentServiceException("StreamReply for " + turnId + " ended without its last chunk", false, true,
                    null));
        }

        void fail(AgentServiceException error) {
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finished = true;
                cancelTimer.run();
                listener.onError(error);
            }
        }

        void firstChunkMissed() {
            synchronized (lock) {
                if (finished || chunkSeen) {
                    return;
                }
                finished = true;
                listener.onError(new AgentServiceException("StreamReply for " + turnId + " sent nothing within the "
                        + "first-chunk budget", true, true, null));
            }
            requestStream.cancel("no reply within the first-chunk budget", null);
        }

        @Override
        public void cancel() {
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finished = true;
                cancelTimer.run();
            }
            // outside the lock: gRPC reports the cancellation to onError on this thread, which then finds it finished
            requestStream.cancel("reply cancelled by the gateway", null);
        }
    }
}
