package io.voiceagents.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    /** Input samples skipped before measuring: well past any filter's warm-up at these rates. */
    private static final double SETTLE_SECONDS = 0.05;

    @ParameterizedTest(name = "{0} Hz → {1} Hz")
    @CsvSource({"8000, 16000", "16000, 8000", "24000, 8000", "48000, 8000", "8000, 24000", "16000, 24000"})
    void twentyMillisecondChunksGiveTwentyMillisecondsOut(int from, int to) {
        Resampler resampler = new Resampler(from, to);
        short[] chunk = new short[from / 50];
        for (int i = 0; i < 10; i++) {
            assertEquals(to / 50, resampler.process(chunk, 0, chunk.length).length);
        }
    }

    @ParameterizedTest(name = "{0} Hz → {1} Hz")
    @CsvSource({"8000, 16000", "16000, 8000", "24000, 8000", "48000, 8000", "44100, 8000", "8000, 22050"})
    void totalOutputIsCeilingOfTheRatioHoweverTheInputIsSplit(int from, int to) {
        Resampler resampler = new Resampler(from, to);
        Random random = new Random(from * 31L + to);
        long in = 0;
        long out = 0;
        for (int i = 0; i < 300; i++) {
            int length = random.nextInt(7) == 0 ? 0 : 1 + random.nextInt(700);
            int produced = resampler.process(new short[length], 0, length).length;
            // each chunk follows the ratio within one sample
            assertTrue(Math.abs(produced - (double) length * to / from) <= 1, "chunk of " + length + " gave " + produced);
            in += length;
            out += produced;
            assertEquals(ceilDiv(in * to, from), out, "after " + in + " input samples");
        }
    }

    @ParameterizedTest(name = "{0} Hz → {1} Hz")
    @CsvSource({"8000, 16000", "16000, 8000", "24000, 8000", "48000, 8000", "44100, 8000", "8000, 24000"})
    void chunkedProcessingEqualsOneShot(int from, int to) {
        short[] signal = noisyChirp(from, 1.0, new Random(7));
        short[] oneShot = new Resampler(from, to).process(signal, 0, signal.length);

        Resampler streaming = new Resampler(from, to);
        Random random = new Random(11);
        short[] chunked = new short[oneShot.length];
        int written = 0;
        for (int at = 0; at < signal.length; ) {
            int length = Math.min(signal.length - at, random.nextInt(400));
            short[] part = streaming.process(signal, at, length);
            System.arraycopy(part, 0, chunked, written, part.length);
            written += part.length;
            at += length;
        }
        assertEquals(oneShot.length, written);
        assertArrayEquals(oneShot, chunked, "the filter history must make chunk joins invisible");
    }

    @ParameterizedTest(name = "{0} Hz round trip through 16 kHz")
    @CsvSource({"300", "1000", "2500", "3300"})
    void eightToSixteenToEightKeepsASine(double hz) {
        short[] tone = sine(8000, hz, 0.5, 1.0);
        short[] up = new Resampler(8000, 16000).process(tone, 0, tone.length);
        short[] back = new Resampler(16000, 8000).process(up, 0, up.length);
        assertEquals(tone.length, back.length);

        Fit fit = Fit.of(back, 8000, hz, (int) (SETTLE_SECONDS * 8000));
        assertTrue(fit.snrDb() >= 40, "SNR " + fit.snrDb() + " dB at " + hz + " Hz");
        assertEquals(0.5 * 32767, fit.amplitude(), 0.5 * 32767 * 0.02, "gain within 2% at " + hz + " Hz");
    }

    @Test
    void upsamplingLeavesNoImages() {
        // an 8 kHz 3 kHz tone has its first image at 16 - 3 = 13 kHz once zero-stuffed to 16 kHz
        short[] tone = sine(8000, 3000, 0.5, 1.0);
        short[] up = new Resampler(8000, 16000).process(tone, 0, tone.length);
        Fit fit = Fit.of(up, 16000, 3000, (int) (SETTLE_SECONDS * 16000));
        assertTrue(fit.snrDb() >= 50, "images left at " + fit.snrDb() + " dB below the tone");
    }

    @ParameterizedTest(name = "{0} Hz → {1} Hz: {2} Hz tone")
    @CsvSource({"16000, 8000, 5000", "16000, 8000, 4500", "24000, 8000, 4500", "24000, 8000, 11000",
            "48000, 8000, 4400", "48000, 8000, 6000", "48000, 8000, 20000"})
    void aToneAboveTheNewNyquistIsAttenuated(int from, int to, double hz) {
        short[] tone = sine(from, hz, 0.8, 1.0);
        short[] out = new Resampler(from, to).process(tone, 0, tone.length);
        double attenuation = 20 * Math.log10(rms(out, (int) (SETTLE_SECONDS * to)) / rms(tone, 0));
        assertTrue(attenuation <= -30, hz + " Hz folded back at only " + attenuation + " dB");
    }

    @ParameterizedTest(name = "{0} Hz → {1} Hz keeps {2} Hz")
    @CsvSource({"16000, 8000, 1000", "24000, 8000, 3000", "48000, 8000, 440", "48000, 8000, 3300"})
    void theTelephoneBandPassesWhenReducing(int from, int to, double hz) {
        short[] tone = sine(from, hz, 0.5, 1.0);
        short[] out = new Resampler(from, to).process(tone, 0, tone.length);
        Fit fit = Fit.of(out, to, hz, (int) (SETTLE_SECONDS * to));
        assertTrue(fit.snrDb() >= 40, "SNR " + fit.snrDb() + " dB");
        assertEquals(0.5 * 32767, fit.amplitude(), 0.5 * 32767 * 0.02);
    }

    @Test
    void fullScaleInputClampsInsteadOfWrappingAround() {
        // a full-scale square wave makes the filter overshoot past the PCM16 range just after each edge
        // (Gibbs): it must saturate there, not wrap around to the opposite sign
        int halfPeriod = 40;
        short[] square = new short[8000];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / halfPeriod) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        Resampler resampler = new Resampler(8000, 16000);
        short[] out = resampler.process(square, 0, square.length);
        int saturated = 0;
        for (int i = 400; i < out.length; i++) {
            double t = i / 2.0 - resampler.delayInputSamples();
            double position = t - Math.floor(t / halfPeriod) * halfPeriod;
            if (position >= 1 && position <= halfPeriod - 1) {
                // one input sample past an edge the band-limited step is most of the way there: the input's sign
                int expectedSign = ((long) Math.floor(t / halfPeriod)) % 2 == 0 ? 1 : -1;
                assertEquals(expectedSign, Integer.signum(out[i]), "sample " + i + " = " + out[i]);
            }
            if (out[i] == Short.MAX_VALUE || out[i] == Short.MIN_VALUE) {
                saturated++;
            }
        }
        assertTrue(saturated > 0, "the overshoot should have reached the PCM16 limits");
    }

    @Test
    void sameRateCopies() {
        short[] in = {1, -2, 3, Short.MAX_VALUE, Short.MIN_VALUE};
        assertArrayEquals(new short[] {-2, 3, Short.MAX_VALUE}, new Resampler(8000, 8000).process(in, 1, 3));
        assertEquals(0.0, new Resampler(8000, 8000).delayInputSamples());
    }

    @Test
    void delayIsAFewMillisecondsAtTelephoneRates() {
        for (int[] rates : new int[][] {{8000, 16000}, {16000, 8000}, {24000, 8000}, {48000, 8000}}) {
            double millis = new Resampler(rates[0], rates[1]).delayInputSamples() * 1000 / rates[0];
            assertTrue(millis > 1 && millis < 10, rates[0] + " → " + rates[1] + ": " + millis + " ms");
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 8000));
        assertThrows(IllegalArgumentException.class, () -> new Resampler(8000, -1));
        assertThrows(IllegalArgumentException.class, () -> new Resampler(44100, 8011));
        Resampler resampler = new Resampler(8000, 16000);
        assertThrows(IndexOutOfBoundsException.class, () -> resampler.process(new short[10], 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> resampler.process(new short[10], -1, 2));
        assertEquals(0, resampler.process(new short[10], 10, 0).length);
    }

    static short[] sine(int rate, double hz, double amplitude, double seconds) {
        short[] out = new short[(int) (rate * seconds)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }

    /** A sweep plus noise: broadband content that exercises every filter phase. */
    private static short[] noisyChirp(int rate, double seconds, Random random) {
        short[] out = new short[(int) (rate * seconds)];
        for (int i = 0; i < out.length; i++) {
            double t = (double) i / rate;
            double sweep = Math.sin(2 * Math.PI * (100 * t + 0.5 * (rate / 2.0 - 100) * t * t / seconds));
            out[i] = (short) Math.round(12000 * sweep + 3000 * random.nextGaussian());
        }
        return out;
    }

    static double rms(short[] samples, int from) {
        double sum = 0;
        for (int i = from; i < samples.length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (samples.length - from));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * Least-squares fit of {@code a sin + b cos} at a known frequency: amplitude and phase come out of the fit,
     * so the resampler's (fractional) delay needs no alignment, and whatever the fit leaves is noise and
     * distortion.
     */
    record Fit(double amplitude, double snrDb) {
        static Fit of(short[] y, int rate, double hz, int from) {
            double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
            for (int i = from; i < y.length; i++) {
                double s = Math.sin(2 * Math.PI * hz * i / rate);
                double c = Math.cos(2 * Math.PI * hz * i / rate);
                ss += s * s;
                cc += c * c;
                sc += s * c;
                ys += y[i] * s;
                yc += y[i] * c;
            }
            double det = ss * cc - sc * sc;
            double a = (ys * cc - yc * sc) / det;
            double b = (yc * ss - ys * sc) / det;
            double signal = 0, noise = 0;
            for (int i = from; i < y.length; i++) {
                double fitted = a * Math.sin(2 * Math.PI * hz * i / rate) + b * Math.cos(2 * Math.PI * hz * i / rate);
                signal += fitted * fitted;
                noise += (y[i] - fitted) * (y[i] - fitted);
            }
            return new Fit(Math.hypot(a, b), 10 * Math.log10(signal / Math.max(noise, 1e-9)));
        }
    }
}
