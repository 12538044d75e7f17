package io.voiceagents.gateway.infra.grpc;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.common.util.concurrent.MoreExecutors;

import io.grpc.Channel;
import io.voiceagents.contracts.tts.v1.AudioChunk;
import io.voiceagents.contracts.tts.v1.AudioFormat;
import io.voiceagents.contracts.tts.v1.SynthesisServiceGrpc;
import io.voiceagents.contracts.tts.v1.SynthesizeRequest;
import io.voiceagents.gateway.application.port.SpeechSynthesisException;
import io.voiceagents.gateway.application.port.StreamingSpeech;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.AgentVoice;

/**
 * StreamSynthesize of tts-service over gRPC (client "tts"), on the plain async stub and the turn path's own channel
 * ({@link TurnPathChannels}): audio chunks arrive on that channel's network thread as tts-service produces them, and {@link SynthesisStream#cancel()} cancels the call
 * (tts-service then stops its provider request). A sentence without audio within the first-chunk budget, or not done within the
 * stream budget, fails as timed out.
 */
@ApplicationScoped
public class GrpcStreamingSpeech implements StreamingSpeech {

    private final SynthesisServiceGrpc.SynthesisServiceStub stub;
    private final GatewayConfig.Tts config;
    private final StreamTimer timer;

    @Inject
    public GrpcStreamingSpeech(TurnPathChannels channels, GatewayConfig config, StreamTimer timer) {
        this(channels.tts(), config.tts(), timer);
    }

    GrpcStreamingSpeech(Channel channel, GatewayConfig.Tts config, StreamTimer timer) {
        this.stub = SynthesisServiceGrpc.newStub(channel)
                // chunks are handed to the call's session at once: no hop through gRPC's executor on the way
                .withExecutor(MoreExecutors.directExecutor());
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

    /** One StreamSynthesize call; the first audio says whether it came from the cache and the provider's time. */
    static final class SynthesisCall extends ServerStreamCall<SynthesizeRequest, AudioChunk, SpeechSynthesisException>
            implements SynthesisStream {

        private final AudioListener listener;
        private boolean audioSeen;

        SynthesisCall(AudioListener listener) {
            super("StreamSynthesize");
            this.listener = listener;
        }

        @Override
        boolean isLast(AudioChunk chunk) {
            return chunk.getLast();
        }

        @Override
        void deliver(AudioChunk chunk, boolean last) {
            if (!chunk.getAudio().isEmpty()) {
                boolean first = !audioSeen;
                audioSeen = true;
                listener.onAudio(chunk.getAudio().toByteArray(), first, first && chunk.getCached(),
                        first ? chunk.getProviderFirstByteMs() : 0);
            }
            if (last) {
                listener.onComplete(chunk.getDurationMs());
            }
        }

        @Override
        void deliverFailure(SpeechSynthesisException error) {
            listener.onError(error);
        }

        @Override
        SpeechSynthesisException failure(String message, boolean timedOut, boolean retriable, Throwable cause) {
            return new SpeechSynthesisException(message, timedOut, retriable, cause);
        }
    }
}
