package io.voiceagents.testkit.twilio.media;

import java.util.Arrays;

/**
 * How late things happened, in whole milliseconds (1 ms buckets up to {@link #BUCKETS}, one overflow bucket above),
 * plus the exact maximum. Small and fixed in size, so every emulated call can keep two without growing. Immutable
 * snapshot; {@link Recorder} is the mutable side.
 */
public final class LatenessHistogram {

    /** Number of 1 ms buckets; later values land in the overflow bucket. */
    public static final int BUCKETS = 200;

    private final int[] counts;
    private final long count;
    private final long maxMicros;

    private LatenessHistogram(int[] counts, long count, long maxMicros) {
        this.counts = counts;
        this.count = count;
        this.maxMicros = maxMicros;
    }

    public static LatenessHistogram empty() {
        return new LatenessHistogram(new int[BUCKETS + 1], 0, 0);
    }

    /** Values recorded. */
    public long count() {
        return count;
    }

    /** Largest value recorded, in microseconds (0 when empty). */
    public long maxMicros() {
        return maxMicros;
    }

    public double maxMillis() {
        return maxMicros / 1000.0;
    }

    /** Values strictly later than {@code millis} (whole milliseconds: a value of 20.7 ms counts above 20). */
    public long countAbove(int millis) {
        long n = 0;
        for (int i = Math.max(0, millis + 1); i < counts.length; i++) {
            n += counts[i];
        }
        return n;
    }

    /** The bucket (ms, floor) under which {@code percentile} % of the values fall; {@link #BUCKETS} for overflow. */
    public int percentileMillis(double percentile) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(percentile / 100.0 * count);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return BUCKETS;
    }

    /** Both histograms' values together (e.g. every caller of a benchmark). */
    public LatenessHistogram plus(LatenessHistogram other) {
        int[] sum = Arrays.copyOf(counts, counts.length);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.counts[i];
        }
        return new LatenessHistogram(sum, count + other.count, Math.max(maxMicros, other.maxMicros));
    }

    /**
     * The values recorded since {@code earlier} (an older snapshot of the same recorder): a measurement window. Its
     * maximum is the upper edge of the highest bucket in the window (exact maxima cannot be subtracted).
     */
    public LatenessHistogram since(LatenessHistogram earlier) {
        int[] diff = new int[counts.length];
        long top = 0;
        for (int i = 0; i < diff.length; i++) {
            diff[i] = counts[i] - earlier.counts[i];
            if (diff[i] > 0) {
                top = i == BUCKETS ? maxMicros : (i + 1) * 1000L;
            }
        }
        return new LatenessHistogram(diff, count - earlier.count, Math.min(top, maxMicros));
    }

    @Override
    public String toString() {
        return "n=" + count + " p50=" + percentileMillis(50) + "ms p99=" + percentileMillis(99) + "ms max="
                + String.format("%.1f", maxMillis()) + "ms";
    }

    /** The mutable side; not thread-safe (the owner's lock guards it). */
    public static final class Recorder {
        private final int[] counts = new int[BUCKETS + 1];
        private long count;
        private long maxMicros;

        public void record(long nanos) {
            long v = Math.max(0, nanos);
            int bucket = (int) Math.min(BUCKETS, v / 1_000_000);
            counts[bucket]++;
            count++;
            maxMicros = Math.max(maxMicros, v / 1000);
        }

        public LatenessHistogram snapshot() {
            return new LatenessHistogram(counts.clone(), count, maxMicros);
        }
    }
}
