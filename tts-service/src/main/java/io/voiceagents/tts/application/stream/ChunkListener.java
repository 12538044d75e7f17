package io.voiceagents.tts.application.stream;

/**
 * Receives a stream's chunks. Calls never overlap and come in order, from whichever thread produced the audio
 * (provider, database lookup, timer or the caller's own); they must not block. Either a chunk with
 * {@code last} set or one {@link #onError} ends the stream.
 */
public interface ChunkListener {

    void onChunk(StreamedChunk chunk);

    /**
     * The stream failed, possibly after some chunks.
     *
     * @param error a {@code SynthesisFailedException} (or one of its subtypes) saying whether trying again may work
     */
    void onError(RuntimeException error);
}
