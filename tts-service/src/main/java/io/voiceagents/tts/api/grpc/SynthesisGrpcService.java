package io.voiceagents.tts.api.grpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.voiceagents.contracts.tts.v1.SynthesisService;
import io.voiceagents.contracts.tts.v1.SynthesizeRequest;
import io.voiceagents.contracts.tts.v1.SynthesizeResponse;
import io.voiceagents.tts.application.SynthesisCommand;
import io.voiceagents.tts.application.SynthesisResult;
import io.voiceagents.tts.application.SynthesisTimeoutException;
import io.voiceagents.tts.application.SynthesizePhrase;
import io.voiceagents.tts.application.port.RejectedSynthesisException;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.domain.AudioFormat;
import io.voiceagents.tts.domain.InvalidPhraseException;
import io.voiceagents.tts.domain.Phrase;

/**
 * {@code voiceagents.tts.v1.SynthesisService}: maps the wire request to {@link SynthesizePhrase} and its
 * failures to gRPC status codes (INVALID_ARGUMENT, UNAVAILABLE, DEADLINE_EXCEEDED).
 */
@GrpcService
public class SynthesisGrpcService implements SynthesisService {

    private final SynthesizePhrase synthesizePhrase;

    public SynthesisGrpcService(SynthesizePhrase synthesizePhrase) {
        this.synthesizePhrase = synthesizePhrase;
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

    // Not served yet: answered UNIMPLEMENTED until streaming synthesis lands (issue 4 work in progress).
    @Override
    public io.smallrye.mutiny.Multi<io.voiceagents.contracts.tts.v1.AudioChunk> streamSynthesize(SynthesizeRequest request) {
        return io.smallrye.mutiny.Multi.createFrom().failure(io.grpc.Status.UNIMPLEMENTED.asRuntimeException());
    }
}
