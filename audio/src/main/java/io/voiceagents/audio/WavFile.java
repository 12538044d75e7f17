package io.voiceagents.audio;

import java.nio.charset.StandardCharsets;

/**
 * RIFF/WAVE container for the two encodings the suite handles: G.711 mu-law (format 7) and linear PCM16 (format 1).
 *
 * <p>Writing produces a canonical little-endian file: RIFF header, {@code fmt } chunk (18 bytes with
 * {@code cbSize=0} plus a {@code fact} chunk for mu-law, as the WAVE spec asks for non-PCM formats; 16 bytes for
 * PCM), then the {@code data} chunk. Parsing walks the chunk list, so extra chunks (LIST, fact, ...) are skipped.
 */
public final class WavFile {

    /** WAVE_FORMAT_PCM. */
    public static final int FORMAT_PCM = 1;
    /** WAVE_FORMAT_MULAW (ITU G.711 mu-law). */
    public static final int FORMAT_MULAW = 7;
    /** WAVE_FORMAT_EXTENSIBLE: the real format code is the first two bytes of the sub-format GUID. */
    public static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private static final int RIFF_HEADER = 12;
    private static final int CHUNK_HEADER = 8;

    private WavFile() {
    }

    /** Wraps raw mu-law bytes (8 kHz, mono) into a WAV file. */
    public static byte[] muLaw8kMono(byte[] muLaw) {
        return write(muLaw, 0, muLaw.length, FORMAT_MULAW, 1, MuLaw.SAMPLE_RATE, 8);
    }

    /** Wraps raw mu-law bytes at the given sample rate (mono) into a WAV file. */
    public static byte[] muLawMono(byte[] muLaw, int sampleRate) {
        return write(muLaw, 0, muLaw.length, FORMAT_MULAW, 1, sampleRate, 8);
    }

    /** Wraps mono PCM16 samples into a WAV file (little-endian samples). */
    public static byte[] pcm16Mono(short[] samples, int sampleRate) {
        byte[] data = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            data[2 * i] = (byte) samples[i];
            data[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return write(data, 0, data.length, FORMAT_PCM, 1, sampleRate, 16);
    }

    /** Writes a WAV file around {@code data[off..off+len)} already encoded as described by the parameters. */
    public static byte[] write(byte[] data, int off, int len, int formatCode, int channels, int sampleRate,
                               int bitsPerSample) {
        if (off < 0 || len < 0 || off > data.length - len) {
            throw new IndexOutOfBoundsException("data range out of bounds");
        }
        boolean pcm = formatCode == FORMAT_PCM;
        int fmtSize = pcm ? 16 : 18;
        int factChunk = pcm ? 0 : CHUNK_HEADER + 4;
        int pad = len & 1;
        int total = RIFF_HEADER + CHUNK_HEADER + fmtSize + factChunk + CHUNK_HEADER + len + pad;
        int blockAlign = channels * Math.max(1, bitsPerSample / 8);
        byte[] out = new byte[total];
        int p = ascii(out, 0, "RIFF");
        p = le32(out, p, total - CHUNK_HEADER);
        p = ascii(out, p, "WAVE");
        p = ascii(out, p, "fmt ");
        p = le32(out, p, fmtSize);
        p = le16(out, p, formatCode);
        p = le16(out, p, channels);
        p = le32(out, p, sampleRate);
        p = le32(out, p, sampleRate * blockAlign);
        p = le16(out, p, blockAlign);
        p = le16(out, p, bitsPerSample);
        if (!pcm) {
            p = le16(out, p, 0);
            p = ascii(out, p, "fact");
            p = le32(out, p, 4);
            p = le32(out, p, len / blockAlign);
        }
        p = ascii(out, p, "data");
        p = le32(out, p, len);
        System.arraycopy(data, off, out, p, len);
        return out;
    }

    /**
     * Parses the header of a WAV file.
     *
     * @throws InvalidWavException if the bytes are not RIFF/WAVE, a chunk is truncated, or fmt/data is missing
     */
    public static WavFormat parse(byte[] wav) {
        if (wav == null || wav.length < RIFF_HEADER) {
            throw new InvalidWavException("not a WAV file: " + (wav == null ? "null" : wav.length + " bytes") + " is shorter than a RIFF header");
        }
        if (!tag(wav, 0, "RIFF") || !tag(wav, 8, "WAVE")) {
            throw new InvalidWavException("not a WAV file: missing RIFF/WAVE signature");
        }
        int p = RIFF_HEADER;
        int formatCode = -1;
        int channels = 0;
        int sampleRate = 0;
        int bits = 0;
        while (p + CHUNK_HEADER <= wav.length) {
            long size = u32(wav, p + 4);
            int body = p + CHUNK_HEADER;
            if (tag(wav, p, "fmt ")) {
                if (size < 16 || body + size > wav.length) {
                    throw new InvalidWavException("truncated WAV: fmt chunk of " + size + " bytes at offset " + p);
                }
                formatCode = u16(wav, body);
                channels = u16(wav, body + 2);
                sampleRate = (int) u32(wav, body + 4);
                bits = u16(wav, body + 14);
                if (formatCode == FORMAT_EXTENSIBLE && size >= 26) {
                    formatCode = u16(wav, body + 24);
                }
            } else if (tag(wav, p, "data")) {
                if (formatCode < 0) {
                    throw new InvalidWavException("invalid WAV: data chunk before fmt chunk");
                }
                long available = wav.length - body;
                // streaming writers leave 0 or 0xFFFFFFFF when the length was unknown up front
                if (size == 0xFFFFFFFFL || (size == 0 && available > 0)) {
                    size = available;
                } else if (size > available) {
                    throw new InvalidWavException("truncated WAV: data chunk declares " + size + " bytes, " + available + " present");
                }
                if (channels <= 0 || sampleRate <= 0 || bits <= 0) {
                    throw new InvalidWavException("invalid WAV: fmt chunk has channels=" + channels + " sampleRate=" + sampleRate + " bits=" + bits);
                }
                return new WavFormat(formatCode, channels, sampleRate, bits, body, (int) size);
            }
            long next = body + size + (size & 1);
            if (next > wav.length) {
                break;
            }
            p = (int) next;
        }
        throw new InvalidWavException(formatCode < 0 ? "truncated WAV: no fmt chunk" : "truncated WAV: no data chunk");
    }

    /** Copies the sample bytes of a parsed WAV file. */
    public static byte[] data(byte[] wav, WavFormat format) {
        byte[] out = new byte[format.dataLength()];
        System.arraycopy(wav, format.dataOffset(), out, 0, out.length);
        return out;
    }

    /** Reads the data chunk of a PCM16 mono file as samples. */
    public static short[] pcm16Samples(byte[] wav, WavFormat format) {
        if (format.formatCode() != FORMAT_PCM || format.bitsPerSample() != 16) {
            throw new InvalidWavException("not PCM16: format " + format.formatCode() + ", " + format.bitsPerSample() + " bits");
        }
        short[] out = new short[format.dataLength() / 2];
        for (int i = 0; i < out.length; i++) {
            int p = format.dataOffset() + 2 * i;
            out[i] = (short) ((wav[p] & 0xFF) | (wav[p + 1] << 8));
        }
        return out;
    }

    private static boolean tag(byte[] b, int off, String tag) {
        if (off + 4 > b.length) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (b[off + i] != (byte) tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int off) {
        return ((long) u16(b, off)) | ((long) u16(b, off + 2)) << 16;
    }

    private static int ascii(byte[] b, int off, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, b, off, bytes.length);
        return off + bytes.length;
    }

    private static int le16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        return off + 2;
    }

    private static int le32(byte[] b, int off, int v) {
        le16(b, off, v);
        le16(b, off + 2, v >>> 16);
        return off + 4;
    }
}
