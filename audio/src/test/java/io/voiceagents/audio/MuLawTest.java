package io.voiceagents.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MuLawTest {

    @Test
    void knownG711Values() {
        assertEquals((byte) 0xFF, MuLaw.encode((short) 0));
        assertEquals(0, MuLaw.decode((byte) 0xFF));
        assertEquals(0, MuLaw.decode((byte) 0x7F));
        // full-scale values saturate to the extreme codes
        assertEquals((byte) 0x80, MuLaw.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, MuLaw.encode(Short.MIN_VALUE));
        assertEquals(32124, MuLaw.decode((byte) 0x80));
        assertEquals(-32124, MuLaw.decode((byte) 0x00));
        // smallest non-zero step of segment 0: inverted code 0x01 is +8, 0x81 is -8
        assertEquals(8, MuLaw.decode((byte) 0xFE));
        assertEquals(-8, MuLaw.decode((byte) 0x7E));
        assertEquals(160, MuLaw.FRAME_BYTES);
        assertEquals(8000, MuLaw.SAMPLE_RATE);
    }

    @Test
    void everyCodeRoundTripsExactly() {
        for (int code = 0; code < 256; code++) {
            byte b = (byte) code;
            short pcm = MuLaw.decode(b);
            byte back = MuLaw.encode(pcm);
            // 0x7F (negative zero) re-encodes as 0xFF (positive zero): same sample value
            if (code == 0x7F) {
                assertEquals((byte) 0xFF, back);
            } else {
                assertEquals(b, back, "code " + Integer.toHexString(code));
            }
        }
    }

    @Test
    void decodeOfEncodeStaysWithinQuantizationError() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x += 7) {
            short pcm = (short) x;
            int y = MuLaw.decode(MuLaw.encode(pcm));
            int magnitude = Math.min(Math.abs(x), 32635);
            // G.711 step size doubles per segment: error is at most half a step, ~1/32 of the magnitude + 4
            int tolerance = Math.max(8, magnitude / 16 + 4);
            int expected = Math.abs(x) > 32635 ? Integer.signum(x) * 32124 : x;
            assertTrue(Math.abs(y - expected) <= tolerance, "x=" + x + " y=" + y);
            assertTrue(Integer.signum(y) == Integer.signum(x) || y == 0 || Math.abs(x) < 8, "sign of " + x);
        }
    }

    @Test
    void arrayVariantsUseOffsetsAndDoNotTouchOtherSlots() {
        short[] pcm = {0, 1000, -1000, 20000, -20000};
        byte[] encoded = new byte[7];
        MuLaw.encode(pcm, 1, 3, encoded, 2);
        assertEquals(0, encoded[0]);
        assertEquals(0, encoded[1]);
        assertEquals(MuLaw.encode((short) 1000), encoded[2]);
        assertEquals(MuLaw.encode((short) 20000), encoded[4]);
        assertEquals(0, encoded[5]);
        short[] decoded = new short[4];
        MuLaw.decode(encoded, 2, 3, decoded, 1);
        assertEquals(0, decoded[0]);
        assertEquals(MuLaw.decode(encoded[2]), decoded[1]);
        assertEquals(MuLaw.decode(encoded[4]), decoded[3]);
        assertThrows(IndexOutOfBoundsException.class, () -> MuLaw.decode(encoded, 5, 3, decoded, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> MuLaw.encode(pcm, 0, 5, new byte[4], 0));
    }
}
