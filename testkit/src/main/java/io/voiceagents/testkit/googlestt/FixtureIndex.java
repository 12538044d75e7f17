package io.voiceagents.testkit.googlestt;

import io.voiceagents.audio.MuLaw;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Known speech, indexed by the content of its 20 ms frames, so that the emulator can tell which recording, and how
 * far into it, a stream of audio is. Each recording is cut into 160-byte frames from its first byte; frames with no
 * loud sample (silence, breath, line noise) are not indexed, and frames whose content occurs more than once (in one
 * recording or across several) are dropped as ambiguous. Immutable: registering builds a new index.
 *
 * <p>Matching uses a polynomial rolling hash over the last 160 bytes, so that audio is recognised whatever its
 * alignment in the stream (an application may start a recognition stream mid-frame); a hash hit is confirmed byte by
 * byte. Bytes are compared after folding the two mu-law zeros (0x7F, 0xFF) into one.
 */
final class FixtureIndex {

    static final int W = MuLaw.FRAME_BYTES;
    static final long P = 0x100000001B3L;
    /** P^W: the weight of the byte leaving the window. */
    static final long P_W;
    /** A frame is speech if some sample reaches this magnitude (about -40 dBFS), as in the Media Streams caller. */
    static final int LOUD_PEAK = 300;
    static final boolean[] LOUD = new boolean[256];
    private static final int AMBIGUOUS = -1;

    static {
        long p = 1;
        for (int i = 0; i < W; i++) {
            p *= P;
        }
        P_W = p;
        for (int i = 0; i < 256; i++) {
            LOUD[i] = Math.abs(MuLaw.decode((byte) i)) >= LOUD_PEAK;
        }
    }

    /** One indexed recording. */
    record Entry(int id, String name, String transcript, byte[] canonical, int frames, int indexedFrames,
                 int lastIndexedFrame) {
        String[] words() {
            return transcript.isBlank() ? new String[0] : transcript.strip().split("\\s+");
        }
    }

    private final List<Entry> entries;
    private final long[] keys;
    private final int[] values;
    private final boolean[] used;
    private final int mask;

    private FixtureIndex(List<Entry> entries, long[] keys, int[] values, boolean[] used) {
        this.entries = entries;
        this.keys = keys;
        this.values = values;
        this.used = used;
        this.mask = keys.length - 1;
    }

    static FixtureIndex empty() {
        return build(List.of());
    }

    /** A new index with one more recording. */
    FixtureIndex plus(String name, String transcript, byte[] muLaw) {
        List<Entry> next = new ArrayList<>(entries);
        byte[] canonical = canonical(muLaw);
        // padded to whole frames as a caller sends it: the idle line after the last word
        int frames = (canonical.length + W - 1) / W;
        byte[] padded = Arrays.copyOf(canonical, frames * W);
        Arrays.fill(padded, canonical.length, padded.length, MuLaw.SILENCE);
        next.add(new Entry(next.size(), name, transcript, padded, frames, 0, -1));
        return build(next);
    }

    private static FixtureIndex build(List<Entry> raw) {
        int total = 0;
        for (Entry e : raw) {
            total += e.frames();
        }
        int size = Integer.highestOneBit(Math.max(16, total * 4) - 1) << 1;
        long[] keys = new long[size];
        int[] values = new int[size];
        boolean[] used = new boolean[size];
        FixtureIndex index = new FixtureIndex(raw, keys, values, used);
        for (Entry e : raw) {
            for (int f = 0; f < e.frames(); f++) {
                if (loud(e.canonical(), f * W)) {
                    index.put(hash(e.canonical(), f * W), pack(e.id(), f));
                }
            }
        }
        // count what survived (ambiguous frames are not recognisable)
        List<Entry> counted = new ArrayList<>(raw.size());
        int[] indexed = new int[raw.size()];
        int[] last = new int[raw.size()];
        Arrays.fill(last, -1);
        for (int i = 0; i < size; i++) {
            if (used[i] && values[i] != AMBIGUOUS) {
                int id = values[i] >>> 16;
                indexed[id]++;
                last[id] = Math.max(last[id], values[i] & 0xFFFF);
            }
        }
        for (Entry e : raw) {
            counted.add(new Entry(e.id(), e.name(), e.transcript(), e.canonical(), e.frames(), indexed[e.id()], last[e.id()]));
        }
        return new FixtureIndex(List.copyOf(counted), keys, values, used);
    }

    private void put(long key, int value) {
        int i = slot(key);
        while (used[i]) {
            if (keys[i] == key) {
                values[i] = AMBIGUOUS;
                return;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        values[i] = value;
    }

    /** {@code (entry id << 16) | frame}, or -1 when no single known frame has this hash. */
    int lookup(long key) {
        int i = slot(key);
        while (used[i]) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return AMBIGUOUS;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    Entry entry(int id) {
        return entries.get(id);
    }

    int size() {
        return entries.size();
    }

    static int pack(int id, int frame) {
        return id << 16 | frame;
    }

    static byte canonical(byte b) {
        return b == (byte) 0x7F ? MuLaw.SILENCE : b;
    }

    static byte[] canonical(byte[] muLaw) {
        byte[] out = new byte[muLaw.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = canonical(muLaw[i]);
        }
        return out;
    }

    static long hash(byte[] data, int off) {
        long h = 0;
        for (int i = 0; i < W; i++) {
            h = h * P + (data[off + i] & 0xFF);
        }
        return h;
    }

    private static boolean loud(byte[] data, int off) {
        for (int i = 0; i < W; i++) {
            if (LOUD[data[off + i] & 0xFF]) {
                return true;
            }
        }
        return false;
    }
}
