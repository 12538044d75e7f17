package io.voiceagents.audio;

/**
 * What a WAV header says about its audio, and where the samples are.
 *
 * @param formatCode    WAVE format tag: {@link WavFile#FORMAT_PCM} (1) or {@link WavFile#FORMAT_MULAW} (7), ...
 * @param channels      channel count
 * @param sampleRate    samples per second
 * @param bitsPerSample bits per sample (8 for mu-law, 16 for PCM16)
 * @param dataOffset    offset of the first sample byte in the parsed array
 * @param dataLength    number of sample bytes in the data chunk
 */
public record WavFormat(int formatCode, int channels, int sampleRate, int bitsPerSample, int dataOffset,
                        int dataLength) {

    /** True for the format Twilio plays natively: mu-law, 8 kHz, mono, 8 bits. */
    public boolean isMuLaw8kMono() {
        return formatCode == WavFile.FORMAT_MULAW && channels == 1 && sampleRate == MuLaw.SAMPLE_RATE && bitsPerSample == 8;
    }

    /** True for linear PCM, 16 bits, mono at 8 kHz. */
    public boolean isPcm16Mono8k() {
        return formatCode == WavFile.FORMAT_PCM && channels == 1 && sampleRate == MuLaw.SAMPLE_RATE && bitsPerSample == 16;
    }

    /** Bytes per sample frame (all channels). */
    public int blockAlign() {
        return channels * Math.max(1, bitsPerSample / 8);
    }

    /** Number of sample frames in the data chunk. */
    public int sampleFrames() {
        return dataLength / blockAlign();
    }

    /** Playback duration of the data chunk in milliseconds. */
    public long durationMillis() {
        return sampleRate == 0 ? 0 : sampleFrames() * 1000L / sampleRate;
    }
}
