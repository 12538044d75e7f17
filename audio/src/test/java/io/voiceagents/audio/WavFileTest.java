package io.voiceagents.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WavFileTest {

    @Test
    void muLawWriteParseRoundTrip() {
        byte[] samples = new byte[1601];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (i * 31);
        }
        byte[] wav = WavFile.muLaw8kMono(samples);
        WavFormat f = WavFile.parse(wav);
        assertEquals(WavFile.FORMAT_MULAW, f.formatCode());
        assertEquals(1, f.channels());
        assertEquals(8000, f.sampleRate());
        assertEquals(8, f.bitsPerSample());
        assertEquals(1601, f.dataLength());
        assertTrue(f.isMuLaw8kMono());
        assertFalse(f.isPcm16Mono8k());
        assertEquals(200, f.durationMillis());
        assertArrayEquals(samples, WavFile.data(wav, f));
        // odd data length is padded to keep the RIFF size even
        assertEquals(0, wav.length % 2);
        assertEquals(wav.length - 8, (wav[4] & 0xFF) | (wav[5] & 0xFF) << 8 | (wav[6] & 0xFF) << 16);
    }

    @Test
    void pcm16WriteParseRoundTrip() {
        short[] pcm = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, 12345};
        byte[] wav = WavFile.pcm16Mono(pcm, 16000);
        WavFormat f = WavFile.parse(wav);
        assertEquals(WavFile.FORMAT_PCM, f.formatCode());
        assertEquals(16000, f.sampleRate());
        assertEquals(16, f.bitsPerSample());
        assertEquals(12, f.dataLength());
        assertEquals(44, f.dataOffset());
        assertArrayEquals(pcm, WavFile.pcm16Samples(wav, f));
        assertFalse(f.isMuLaw8kMono());
    }

    @Test
    void skipsUnknownChunksBeforeData() {
        byte[] base = WavFile.pcm16Mono(new short[] {5, 6}, 8000);
        // insert a LIST chunk between fmt (ends at 36) and data
        byte[] list = {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0};
        byte[] wav = new byte[base.length + list.length];
        System.arraycopy(base, 0, wav, 0, 36);
        System.arraycopy(list, 0, wav, 36, list.length);
        System.arraycopy(base, 36, wav, 36 + list.length, base.length - 36);
        WavFormat f = WavFile.parse(wav);
        assertTrue(f.isPcm16Mono8k());
        assertArrayEquals(new short[] {5, 6}, WavFile.pcm16Samples(wav, f));
    }

    @Test
    void rejectsGarbageAndTruncation() {
        assertThrows(InvalidWavException.class, () -> WavFile.parse(null));
        assertThrows(InvalidWavException.class, () -> WavFile.parse(new byte[0]));
        assertThrows(InvalidWavException.class, () -> WavFile.parse("ID3 this is an mp3 honestly".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(InvalidWavException.class, () -> WavFile.parse("<Response><Say>hi</Say></Response>".getBytes(StandardCharsets.US_ASCII)));
        byte[] wav = WavFile.muLaw8kMono(new byte[800]);
        InvalidWavException truncated = assertThrows(InvalidWavException.class, () -> WavFile.parse(Arrays.copyOf(wav, wav.length - 100)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        assertThrows(InvalidWavException.class, () -> WavFile.parse(Arrays.copyOf(wav, 30)));
        assertThrows(InvalidWavException.class, () -> WavFile.parse(Arrays.copyOf(wav, 12)));
    }

    @Test
    void streamingPlaceholderLengthMeansRestOfFile() {
        byte[] wav = WavFile.muLaw8kMono(new byte[160]);
        WavFormat f = WavFile.parse(wav);
        int sizeAt = f.dataOffset() - 4;
        wav[sizeAt] = wav[sizeAt + 1] = wav[sizeAt + 2] = wav[sizeAt + 3] = (byte) 0xFF;
        assertEquals(160, WavFile.parse(wav).dataLength());
    }
}
