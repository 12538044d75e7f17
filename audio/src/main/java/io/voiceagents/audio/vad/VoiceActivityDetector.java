package io.voiceagents.audio.vad;

/**
 * Speech probability of one audio stream (one call), fed 20 ms frames of 8 kHz PCM16 as they arrive.
 * Stateful and not thread-safe: one instance per stream, fed from one thread at a time.
 */
public interface VoiceActivityDetector extends AutoCloseable {

    /**
     * Feeds one 20 ms frame ({@link io.voiceagents.audio.MuLaw#FRAME_BYTES} = 160 samples at 8 kHz) and
     * returns the speech probability in [0, 1] of the most recent complete model window (frames are
     * buffered into the model's window size; until the first window is complete the answer is 0).
     *
     * @param frame  PCM16 samples at 8 kHz
     * @param offset index of the frame's first sample in {@code frame}
     */
    float accept(short[] frame, int offset);

    /** Forgets all history (model state, buffered samples), as for a new stream. */
    void reset();

    /**
     * Releases what the detector holds outside the Java heap (the Silero detector's native tensors) when the
     * stream ends. Idempotent; the detector must not be used afterwards. Implementations also release on
     * garbage collection, so a forgotten close leaks nothing for long, but closing promptly is cheaper.
     */
    @Override
    default void close() {
    }
}
