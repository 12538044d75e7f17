package io.voiceagents.gateway.infra.grpc;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.grpc.GrpcClient;
import io.voiceagents.contracts.tts.v1.AudioChunk;
import io.voiceagents.contracts.tts.v1.AudioFormat;
import io.voiceagents.contracts.tts.v1.SynthesisServiceGrpc;
import io.voiceagents.contracts.tts.v1.SynthesizeRequest;
import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.AgentVoice;

/**
 * StreamSynthesize of tts-service over gRPC (client "tts"), on the plain async stub: audio chunks arrive on gRPC's
 * threads as tts-service produces them, and {@link SynthesisStream#cancel()} cancels the call (tts-service then
 * stops its provider request). A sentence without audio within the first-chunk budget, or not done within the
 * stream budget, fails as timed out.
 */
@ApplicationScoped
public class GrpcStreamingSpeech implements StreamingSpeech {

    private final SynthesisServiceGrpc.SynthesisServiceStub stub;
    private final GatewayConfig.Tts config;
    private final StreamTimer timer;

    @Inject
    public GrpcStreamingSpeech(@GrpcClient("tts") Channel channel, GatewayConfig config, StreamTimer timer) {
        this(channel, config.tts(), timer);
    }

    GrpcStreamingSpeech(Channel channel, GatewayConfig.Tts config, StreamTimer timer) {
        this.stub = SynthesisServiceGrpc.newStub(channel);
        this.config = config;
        this.timer = timer;
    }

    @Override
    public SynthesisStream synthesize(String sentence, AgentVoice voice, AudioListener listener) {
        SynthesizeRequest request = SynthesizeRequest.newBuilder()
                .setText(sentence)
                .setVoice(voice.voice())
                .setLanguage(voice.language())
                .setFormat(AudioFormat.AUDIO_FORMAT_RAW_MULAW_8K)
                .build();
        SynthesisCall call = new SynthesisCall(listener);
        try {
            stub.withDeadlineAfter(config.streamBudget().toMillis(), TimeUnit.MILLISECONDS).streamSynthesize(request, call);
        } catch (RuntimeException e) {
            call.fail(new SpeechSynthesisException("StreamSynthesize could not start: " + e.getMessage(), false, false, e));
            return call;
        }
        call.firstChunkTimer(timer.after(config.streamFirstChunkBudget(), call::firstChunkMissed));
        return call;
    }

    /**
     * One StreamSynthesize call. Listener calls and {@link #cancel()} share a lock: once cancel returns, nothing
     * more is delivered, and exactly one of onComplete / onError ends the sentence.
     */
    static final class SynthesisCall implements ClientResponseObserver<SynthesizeRequest, AudioChunk>, SynthesisStream {

        private final AudioListener listener;
        private final Object lock = new Object();
        private ClientCallStreamObserver<SynthesizeRequest> requestStream;
        private Runnable cancelTimer = () -> { };
        private boolean finished;
        private boolean audioSeen;
        private boolean chunkSeen;

        SynthesisCall(AudioListener listener) {
            this.listener = listener;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<SynthesizeRequest> requestStream) {
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
        public void onNext(AudioChunk chunk) {
            synchronized (lock) {
                if (finished) {
                    return;
                }
                if (!chunkSeen) {
                    chunkSeen = true;
                    cancelTimer.run();
                }
                if (!chunk.getAudio().isEmpty()) {
                    boolean first = !audioSeen;
                    audioSeen = true;
                    listener.onAudio(chunk.getAudio().toByteArray(), first, first && chunk.getCached(),
                            first ? chunk.getProviderFirstByteMs() : 0);
                }
                if (chunk.getLast()) {
                    finished = true;
                    listener.onComplete(chunk.getDurationMs());
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            Status status = Status.fromThrowable(error);
            fail(new SpeechSynthesisException(GrpcFailures.describe("StreamSynthesize", status),
                    GrpcFailures.timedOut(status), GrpcFailures.retriable(status), error));
        }

        @Override
        public void onCompleted() {
            fail(new SpeechSynthesisException("StreamSynthesize ended without its last chunk", false, true, null));
        }

        void fail(SpeechSynthesisException error) {
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
                listener.onError(new SpeechSynthesisException("StreamSynthesize sent no audio within the first-chunk "
                        + "budget", true, true, null));
            }
            requestStream.cancel("no audio within the first-chunk budget", null);
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
            requestStream.cancel("synthesis cancelled by the gateway", null);
        }
    }
}
