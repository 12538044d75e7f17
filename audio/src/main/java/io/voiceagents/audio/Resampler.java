package io.voiceagents.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streaming sample-rate conversion of mono PCM16 (e.g. 8 kHz ⇄ 16 kHz, 24 kHz → 8 kHz) with an
 * anti-aliasing low-pass filter when reducing the rate. Keeps filter history across calls so a stream
 * can be converted chunk by chunk without clicks at the joins. Not thread-safe: one per stream.
 *
 * <p>A rational polyphase resampler: the ratio is reduced to {@code up / down}; conceptually the input is
 * zero-stuffed by {@code up}, low-pass filtered and kept every {@code down}-th sample, but only the filter
 * taps that meet real samples are computed. The one Kaiser-windowed sinc filter serves both as the
 * anti-imaging filter (raising the rate) and the anti-aliasing filter (reducing it): it passes up to
 * {@value #PASSBAND_FRACTION} of the lower rate's Nyquist frequency (3.4 kHz at 8 kHz, the telephone band)
 * and is {@value #STOPBAND_DB} dB down from that Nyquist frequency on, so nothing above the new Nyquist
 * folds back.
 *
 * <p>The filter is causal: the output lags the input by {@link #delayInputSamples()} input samples (about 4 ms
 * for the telephone rates), and the stream starts from silence. Output sample {@code n} corresponds to input time
 * {@code n * fromRate / toRate}; a chunk yields the output samples whose time falls inside the input seen
 * so far, so the total output after {@code N} input samples is {@code ceil(N * toRate / fromRate)} however
 * the input was split.
 */
public final class Resampler {

    /** Passband edge as a fraction of the lower rate's Nyquist frequency. */
    static final double PASSBAND_FRACTION = 0.85;
    /** Stopband attenuation the filter is designed for. */
    static final double STOPBAND_DB = 70;

    private static final Map<Long, float[]> FILTERS = new ConcurrentHashMap<>();

    private final int fromRate;
    private final int toRate;
    private final int up;
    private final int down;
    /** Taps per polyphase branch, i.e. input samples each output sample is computed from. */
    private final int taps;
    /** Branch-major coefficients, each branch stored oldest-sample-first: {@code coefficients[phase * taps + j]}. */
    private final float[] coefficients;
    private final boolean passThrough;

    /** The last {@code taps - 1} input samples, then the current chunk. */
    private float[] work;
    /** Input index (relative to the current chunk) of the newest sample the next output needs. */
    private long nextBase;
    /** Polyphase branch of the next output sample, in [0, up). */
    private int nextPhase;

    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, were " + fromRate + " and " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        int gcd = gcd(fromRate, toRate);
        this.up = toRate / gcd;
        this.down = fromRate / gcd;
        if (up > 1024 || down > 1024) {
            // a ratio like 44100/8001 would need a filter of millions of taps: refuse rather than stall
            throw new IllegalArgumentException("unsupported rate ratio " + fromRate + " → " + toRate + " (reduces to " + up + "/" + down + ")");
        }
        this.passThrough = fromRate == toRate;
        // immutable and the same for every stream at this ratio: computed once, shared
        this.coefficients = FILTERS.computeIfAbsent(((long) fromRate << 32) | toRate, key -> design(fromRate, toRate, up));
        this.taps = coefficients.length / up;
        this.work = new float[taps - 1 + MuLaw.FRAME_BYTES * 6];
        this.nextBase = 0;
        this.nextPhase = 0;
    }

    /** Rate of the input samples. */
    public int fromRate() {
        return fromRate;
    }

    /** Rate of the output samples. */
    public int toRate() {
        return toRate;
    }

    /** How far (in input samples) the output lags the input: the filter's group delay. */
    public double delayInputSamples() {
        return passThrough ? 0 : (taps * up - 1) / 2.0 / up;
    }

    /** Converts the next chunk of the stream; the output length follows the rate ratio (± 1 sample). */
    public short[] process(short[] input, int offset, int length) {
        if (offset < 0 || length < 0 || offset > input.length - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + "+" + length + ") out of bounds for length " + input.length);
        }
        if (passThrough) {
            short[] out = new short[length];
            System.arraycopy(input, offset, out, 0, length);
            return out;
        }
        int history = taps - 1;
        if (work.length < history + length) {
            // only when a chunk is larger than any before: steady streams reuse the buffer
            float[] bigger = new float[history + length];
            System.arraycopy(work, 0, bigger, 0, history);
            work = bigger;
        }
        for (int i = 0; i < length; i++) {
            work[history + i] = input[offset + i];
        }
        short[] out = new short[outputCount(length)];
        long base = nextBase;
        int phase = nextPhase;
        for (int n = 0; n < out.length; n++) {
            // work[history + base] is the newest input sample of this output; the branch starts taps-1 earlier
            int start = (int) base;
            int c = phase * taps;
            float acc = 0f;
            for (int j = 0; j < taps; j++) {
                acc += work[start + j] * coefficients[c + j];
            }
            out[n] = clamp(acc);
            phase += down;
            base += phase / up;
            phase %= up;
        }
        // keep the newest history samples for the next chunk; positions become relative to it
        System.arraycopy(work, length, work, 0, history);
        nextBase = base - length;
        nextPhase = phase;
        return out;
    }

    /** Branch-major polyphase coefficients of the filter for this ratio (see {@link #branches}). */
    private static float[] design(int fromRate, int toRate, int up) {
        if (fromRate == toRate) {
            return new float[] {1f};
        }
        // the filter runs at the virtual rate fromRate * up; everything below is relative to it
        double virtualRate = (double) fromRate * up;
        double nyquist = Math.min(fromRate, toRate) / 2.0;
        double passEdge = PASSBAND_FRACTION * nyquist;
        double transition = (nyquist - passEdge) / virtualRate;
        double cutoff = (passEdge + nyquist) / 2 / virtualRate;
        // Kaiser's estimate of the length needed for this attenuation over this transition width
        int length = (int) Math.ceil((STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition)) + 1;
        int taps = Math.max(2, (length + up - 1) / up);
        return branches(kaiserSinc(taps * up, cutoff, kaiserBeta(STOPBAND_DB), up), up, taps);
    }

    /** Output samples whose input time is before the end of this chunk. */
    private int outputCount(int length) {
        // output n needs input index floor(n*down/up) relative to the chunk start; count those < length
        if (length == 0 || nextBase >= length) {
            return 0;
        }
        // the k-th next output has position nextPhase + k*down (in up-units) past nextBase
        long span = (length - nextBase) * up - nextPhase;
        return (int) ((span + down - 1) / down);
    }

    private static short clamp(float v) {
        int r = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    /** Windowed sinc of {@code length} taps with this cutoff (cycles per sample), DC gain {@code gain}. */
    private static double[] kaiserSinc(int length, double cutoff, double beta, double gain) {
        double[] h = new double[length];
        double mid = (length - 1) / 2.0;
        double norm = besselI0(beta);
        double sum = 0;
        for (int i = 0; i < length; i++) {
            double t = i - mid;
            double sinc = t == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            double r = mid == 0 ? 0 : t / mid;
            double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / norm;
            h[i] = sinc * window;
            sum += h[i];
        }
        // every branch sums to about 1 / up of the total: scaling the total to `up` keeps unity gain per output
        for (int i = 0; i < length; i++) {
            h[i] *= gain / sum;
        }
        return h;
    }

    /**
     * Splits the prototype filter into {@code up} branches. Output at position {@code base*up + phase}
     * (zero-stuffed time) is {@code sum_k x[base-k] * h[k*up + phase]}; stored oldest sample first so the
     * inner loop walks both arrays forwards.
     */
    private static float[] branches(double[] h, int up, int taps) {
        float[] c = new float[up * taps];
        for (int phase = 0; phase < up; phase++) {
            for (int k = 0; k < taps; k++) {
                c[phase * taps + (taps - 1 - k)] = (float) h[k * up + phase];
            }
        }
        return c;
    }

    private static double kaiserBeta(double attenuationDb) {
        if (attenuationDb > 50) {
            return 0.1102 * (attenuationDb - 8.7);
        }
        return attenuationDb >= 21 ? 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21) : 0;
    }

    /** Modified Bessel function of the first kind, order 0 (power series; converges fast for beta ≤ 10). */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < sum * 1e-12) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
