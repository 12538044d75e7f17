package io.voiceagents.audio;

/**
 * ITU-T G.711 mu-law codec, the encoding of Twilio's phone audio (8 kHz, mono, 8 bits per sample).
 *
 * <p>Both directions are table-driven: decoding is a 256-entry lookup, encoding a 16384-entry lookup indexed
 * by the 14-bit magnitude G.711 actually quantises (the two low bits of a PCM16 sample never reach the
 * encoded byte). The array methods write into caller-provided buffers so a 20 ms frame loop allocates nothing.
 */
public final class MuLaw {

    /** Telephony sample rate used by Twilio media and {@code <Play>} audio. */
    public static final int SAMPLE_RATE = 8000;
    /** Duration of one media frame Twilio sends and expects. */
    public static final int FRAME_MILLIS = 20;
    /** Bytes (= samples, one byte each) in one 20 ms mu-law frame at 8 kHz. */
    public static final int FRAME_BYTES = SAMPLE_RATE * FRAME_MILLIS / 1000;
    /** Encoded value of digital silence (PCM 0). */
    public static final byte SILENCE = (byte) 0xFF;

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private static final short[] DECODE = new short[256];
    private static final byte[] ENCODE = new byte[1 << 14];

    static {
        for (int i = 0; i < 256; i++) {
            DECODE[i] = decodeSlow((byte) i);
        }
        // index = magnitude >> 2 for positive samples; the sign bit is applied at lookup time
        for (int i = 0; i < ENCODE.length; i++) {
            ENCODE[i] = encodeSlow(i << 2);
        }
    }

    private MuLaw() {
    }

    /** Decodes one mu-law byte to a linear PCM16 sample. */
    public static short decode(byte muLaw) {
        return DECODE[muLaw & 0xFF];
    }

    /** Encodes one linear PCM16 sample to a mu-law byte. */
    public static byte encode(short pcm) {
        int sample = pcm;
        if (sample >= 0) {
            return ENCODE[sample >> 2];
        }
        // -32768 has no positive counterpart: clamp before negating
        int magnitude = sample == Short.MIN_VALUE ? Short.MAX_VALUE : -sample;
        return (byte) (ENCODE[magnitude >> 2] & 0x7F);
    }

    /** Decodes {@code len} mu-law bytes from {@code src[off..]} into {@code dst[dstOff..]}. */
    public static void decode(byte[] src, int off, int len, short[] dst, int dstOff) {
        checkRange(src.length, off, len);
        checkRange(dst.length, dstOff, len);
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = DECODE[src[off + i] & 0xFF];
        }
    }

    /** Encodes {@code len} PCM16 samples from {@code src[off..]} into {@code dst[dstOff..]}. */
    public static void encode(short[] src, int off, int len, byte[] dst, int dstOff) {
        checkRange(src.length, off, len);
        checkRange(dst.length, dstOff, len);
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = encode(src[off + i]);
        }
    }

    /** Convenience allocation-per-call variant of {@link #decode(byte[], int, int, short[], int)}. */
    public static short[] decode(byte[] src) {
        short[] out = new short[src.length];
        decode(src, 0, src.length, out, 0);
        return out;
    }

    /** Convenience allocation-per-call variant of {@link #encode(short[], int, int, byte[], int)}. */
    public static byte[] encode(short[] src) {
        byte[] out = new byte[src.length];
        encode(src, 0, src.length, out, 0);
        return out;
    }

    private static void checkRange(int length, int off, int len) {
        if (off < 0 || len < 0 || off > length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") out of bounds for length " + length);
        }
    }

    private static byte encodeSlow(int magnitude) {
        int sample = Math.min(magnitude, CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        // G.711 transmits the bits inverted; a positive sample keeps bit 7 set after inversion
        return (byte) ~((exponent << 4) | mantissa);
    }

    private static short decodeSlow(byte encoded) {
        int u = ~encoded & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
        return (short) (sign != 0 ? -magnitude : magnitude);
    }
}
