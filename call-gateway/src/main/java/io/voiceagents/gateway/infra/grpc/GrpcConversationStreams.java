package io.voiceagents.gateway.infra.grpc;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.google.common.util.concurrent.MoreExecutors;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
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
 * StreamReply and RecordInterruption of agent-service over gRPC (client "agent"), on the plain async stub and the
 * turn path's own channel ({@link TurnPathChannels}): the caller's thread only starts the call, chunks arrive on
 * that channel's network thread, and {@link ReplyStream#cancel()}
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
    public GrpcConversationStreams(TurnPathChannels channels, GatewayConfig config, StreamTimer timer) {
        this(channels.agent(), config.agent(), timer);
    }

    GrpcConversationStreams(Channel channel, GatewayConfig.Agent config, StreamTimer timer) {
        this.stub = ConversationServiceGrpc.newStub(channel)
                // chunks are handed to the call's session at once: no hop through gRPC's executor on the way
                .withExecutor(MoreExecutors.directExecutor());
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

    /** One StreamReply call; the first text-bearing chunk carries the provider's time to first token. */
    static final class ReplyCall extends ServerStreamCall<ReplyRequest, ReplyChunk, AgentServiceException>
            implements ReplyStream {

        private final ReplyListener listener;
        private boolean textSeen;

        ReplyCall(String turnId, ReplyListener listener) {
            super("StreamReply for " + turnId);
            this.listener = listener;
        }

        @Override
        boolean isLast(ReplyChunk chunk) {
            return chunk.getLast();
        }

        @Override
        void deliver(ReplyChunk chunk, boolean last) {
            if (!chunk.getDelta().isEmpty()) {
                listener.onDelta(chunk.getDelta(), textSeen ? 0 : chunk.getLlmFirstTokenMs());
                textSeen = true;
            }
            if (last) {
                listener.onComplete(new ReplyEnd(asDomain(chunk.getOutcome()),
                        chunk.getTransferTo().isBlank() ? null : chunk.getTransferTo(), chunk.getLlmLatencyMs(),
                        chunk.getMessageId(), chunk.getReplayed()));
            }
        }

        @Override
        void deliverFailure(AgentServiceException error) {
            listener.onError(error);
        }

        @Override
        AgentServiceException failure(String message, boolean timedOut, boolean retriable, Throwable cause) {
            return new AgentServiceException(message, timedOut, retriable, cause);
        }
    }
}
