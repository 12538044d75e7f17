package io.voiceagents.tts.api.grpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.voiceagents.contracts.tts.v1.AudioChunk;
import io.voiceagents.contracts.tts.v1.SynthesisService;
import io.voiceagents.contracts.tts.v1.SynthesizeRequest;
import io.voiceagents.contracts.tts.v1.SynthesizeResponse;
import io.voiceagents.tts.application.SynthesisCommand;
import io.voiceagents.tts.application.SynthesisResult;
import io.voiceagents.tts.application.SynthesisTimeoutException;
import io.voiceagents.tts.application.SynthesizePhrase;
import io.voiceagents.tts.application.port.RejectedSynthesisException;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.stream.StreamHandle;
import io.voiceagents.tts.application.stream.StreamPhrase;
import io.voiceagents.tts.domain.AudioFormat;
import io.voiceagents.tts.domain.InvalidPhraseException;
import io.voiceagents.tts.domain.Phrase;

/**
 * {@code voiceagents.tts.v1.SynthesisService}: maps the wire request to {@link SynthesizePhrase} (unary) or
 * {@link StreamPhrase} (streaming) and their failures to gRPC status codes (INVALID_ARGUMENT, UNAVAILABLE,
 * DEADLINE_EXCEEDED).
 */
@GrpcService
public class SynthesisGrpcService implements SynthesisService {

    private final SynthesizePhrase synthesizePhrase;
    private final StreamPhrase streamPhrase;

    public SynthesisGrpcService(SynthesizePhrase synthesizePhrase, StreamPhrase streamPhrase) {
        this.synthesizePhrase = synthesizePhrase;
        this.streamPhrase = streamPhrase;
    }

    @Override
    @Blocking
    public Uni<SynthesizeResponse> synthesize(SynthesizeRequest request) {
        try {
            SynthesisResult result = synthesizePhrase.synthesize(new SynthesisCommand(
                    request.getText(), request.getVoice(), request.getLanguage(), formatOf(request)));
            return Uni.createFrom().item(toResponse(result));
        } catch (InvalidPhraseException | RejectedSynthesisException e) {
            return fail(Status.INVALID_ARGUMENT, e);
        } catch (SynthesisTimeoutException e) {
            return fail(Status.DEADLINE_EXCEEDED, e);
        } catch (SynthesisFailedException e) {
            return fail(Status.UNAVAILABLE, e);
        }
    }

    private static AudioFormat formatOf(SynthesizeRequest request) {
        return switch (request.getFormat()) {
            // the only format so far: callers may leave the field unset
            case AUDIO_FORMAT_UNSPECIFIED, AUDIO_FORMAT_WAV_MULAW_8K -> AudioFormat.WAV_MULAW_8K;
            case AUDIO_FORMAT_RAW_MULAW_8K -> throw new InvalidPhraseException("format",
                    "Synthesize returns a playable file: use AUDIO_FORMAT_WAV_MULAW_8K (raw audio comes from StreamSynthesize)");
            case UNRECOGNIZED -> throw new InvalidPhraseException("format",
                    "unknown audio format " + request.getFormatValue() + "; use AUDIO_FORMAT_WAV_MULAW_8K");
        };
    }

    private static SynthesizeResponse toResponse(SynthesisResult result) {
        Phrase phrase = result.phrase();
        return SynthesizeResponse.newBuilder()
                .setAudioId(phrase.id().value())
                .setPath(phrase.path())
                .setContentType(phrase.contentType())
                .setDurationMs(phrase.durationMs())
                .setCached(result.cached())
                .build();
    }

    private static Uni<SynthesizeResponse> fail(Status status, RuntimeException e) {
        return Uni.createFrom().failure(status.withDescription(e.getMessage()).asRuntimeException());
    }

    /**
     * Runs on the event loop: {@link StreamPhrase} never blocks. Cancelling the RPC (or the client going away)
     * cancels the stream, which stops the provider request. The request's format is ignored: always raw mu-law.
     */
    @Override
    public Multi<AudioChunk> streamSynthesize(SynthesizeRequest request) {
        return Multi.createFrom().emitter(emitter -> {
            StreamHandle handle;
            try {
                handle = streamPhrase.stream(new SynthesisCommand(request.getText(), request.getVoice(),
                        request.getLanguage(), AudioFormat.WAV_MULAW_8K), new AudioChunkEmitter(emitter));
            } catch (InvalidPhraseException e) {
                emitter.fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                return;
            }
            emitter.onTermination(handle::cancel);
            // a cancellation before the callback was registered would not have run it
            if (emitter.isCancelled()) {
                handle.cancel();
            }
        }, BackPressureStrategy.BUFFER);
    }
}
