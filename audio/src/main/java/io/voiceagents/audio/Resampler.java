package io.voiceagents.audio;

/**
 * Streaming sample-rate conversion of mono PCM16 (e.g. 8 kHz ⇄ 16 kHz, 24 kHz → 8 kHz) with an
 * anti-aliasing low-pass filter when reducing the rate. Keeps filter history across calls so a stream
 * can be converted chunk by chunk without clicks at the joins. Not thread-safe: one per stream.
 */
public final class Resampler {

    public Resampler(int fromRate, int toRate) {
        throw new UnsupportedOperationException("API shell: implemented in the audio module's work");
    }

    /** Converts the next chunk of the stream; the output length follows the rate ratio (± 1 sample). */
    public short[] process(short[] input, int offset, int length) {
        throw new UnsupportedOperationException("API shell");
    }
}
