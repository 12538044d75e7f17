package io.voiceagents.audio.vad;

import io.voiceagents.audio.MuLaw;

/**
 * Cuts a stream's 20 ms frames into Silero windows ({@value SileroVadModel#WINDOW_SAMPLES} samples, scaled to
 * [-1, 1]) and measures each window's energy for the gate. A frame can finish one window and start the next
 * (512 is not a multiple of 160). Not thread-safe: one per stream.
 */
final class WindowFiller {

    /** What happens with a full window; {@code sumOfSquares} is over its PCM16 samples. */
    @FunctionalInterface
    interface Full {
        void window(float[] samples, long sumOfSquares);
    }

    static final int WINDOW = SileroVadModel.WINDOW_SAMPLES;
    private static final int FRAME = MuLaw.FRAME_BYTES;
    private static final float SCALE = 1f / 32768f;

    private float[] window = new float[WINDOW];
    private int filled;
    private long sumOfSquares;

    /**
     * The sum of squared PCM16 samples over a window below which it is gated, for a gate in dBFS
     * ({@link Double#NEGATIVE_INFINITY}: 0, never gated).
     */
    static long gateSumOfSquares(double gateDbfs) {
        double floor = gateDbfs == Double.NEGATIVE_INFINITY ? 0 : 32768 * Math.pow(10, gateDbfs / 20);
        return (long) Math.ceil(floor * floor * WINDOW);
    }

    /** Adds one frame; calls {@code full} for each window it completes (with the array being filled). */
    void add(short[] frame, int offset, Full full) {
        if (offset < 0 || offset > frame.length - FRAME) {
            throw new IndexOutOfBoundsException("a 20 ms frame needs " + FRAME + " samples from offset " + offset
                    + ", array has " + frame.length);
        }
        int i = 0;
        while (i < FRAME) {
            int n = Math.min(FRAME - i, WINDOW - filled);
            long energy = 0;
            for (int k = 0; k < n; k++) {
                int sample = frame[offset + i + k];
                energy += sample * sample;
                window[filled + k] = sample * SCALE;
            }
            sumOfSquares += energy;
            filled += n;
            i += n;
            if (filled == WINDOW) {
                full.window(window, sumOfSquares);
                filled = 0;
                sumOfSquares = 0;
            }
        }
    }

    /** Fills {@code next} from now on (the full window's array was handed away). */
    void fillInto(float[] next) {
        window = next;
    }

    /** Drops the partly filled window. */
    void clear() {
        filled = 0;
        sumOfSquares = 0;
    }
}
