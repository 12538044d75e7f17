package io.voiceagents.tts.api.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.voiceagents.contracts.tts.v1.AudioChunk;
import io.voiceagents.tts.application.port.RejectedSynthesisException;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.stream.ChunkListener;
import io.voiceagents.tts.application.stream.StreamedChunk;

/**
 * A stream's chunks onto the gRPC response: the wire message per chunk, completion after the last one, and
 * failures as the status the gateway acts on: INVALID_ARGUMENT (the provider refused the text or voice: do not
 * retry) or UNAVAILABLE (try again or fall back). The emitter serializes and buffers, so any thread may call.
 */
final class AudioChunkEmitter implements ChunkListener {

    private final MultiEmitter<? super AudioChunk> emitter;

    AudioChunkEmitter(MultiEmitter<? super AudioChunk> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void onChunk(StreamedChunk chunk) {
        // the chunk's array is fresh and never written again: wrap it rather than copy it
        emitter.emit(AudioChunk.newBuilder()
                .setAudio(UnsafeByteOperations.unsafeWrap(chunk.audio()))
                .setLast(chunk.last())
                .setCached(chunk.cached())
                .setProviderFirstByteMs(chunk.providerFirstByteMs())
                .setDurationMs(chunk.durationMs())
                .build());
        if (chunk.last()) {
            emitter.complete();
        }
    }

    @Override
    public void onError(RuntimeException error) {
        emitter.fail(statusOf(error).withDescription(error.getMessage()).asRuntimeException());
    }

    static Status statusOf(RuntimeException error) {
        if (error instanceof RejectedSynthesisException) {
            return Status.INVALID_ARGUMENT;
        }
        if (error instanceof SynthesisFailedException) {
            return Status.UNAVAILABLE;
        }
        return Status.INTERNAL;
    }
}
