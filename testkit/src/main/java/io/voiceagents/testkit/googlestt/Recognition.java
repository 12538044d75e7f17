package io.voiceagents.testkit.googlestt;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What one recognition stream has "heard": the known recordings whose frames went by, in order, and how much of
 * each. Audio is matched against the {@link FixtureIndex} at every byte offset until a frame matches, then only at
 * that alignment (one lookup per 20 ms) until a loud frame stops matching. Not thread-safe (one stream).
 */
final class Recognition {

    /** A recording heard once: which frames of it went by. */
    private static final class Segment {
        final FixtureIndex.Entry entry;
        final BitSet heard = new BitSet();
        int maxFrame = -1;

        Segment(FixtureIndex.Entry entry) {
            this.entry = entry;
        }

        /** Words spoken up to the furthest frame heard. */
        int wordsSoFar() {
            String[] words = entry.words();
            if (entry.lastIndexedFrame() < 0) {
                return 0;
            }
            double progress = Math.min(1.0, (maxFrame + 1) / (double) (entry.lastIndexedFrame() + 1));
            return (int) Math.floor(words.length * progress);
        }

        /** "Most of its frames were heard": the whole transcript is recognised. */
        boolean mostlyHeard() {
            return entry.indexedFrames() > 0 && heard.cardinality() * 2 > entry.indexedFrames();
        }

        String text(boolean isFinal) {
            String[] words = entry.words();
            int n = isFinal && mostlyHeard() ? words.length : wordsSoFar();
            return String.join(" ", java.util.Arrays.copyOf(words, n));
        }
    }

    /** A frame of a recording heard again this many frames before the furthest one still belongs to it. */
    private static final int REORDER_FRAMES = 3;

    private final FixtureIndex index;
    private final byte[] window = new byte[FixtureIndex.W];
    private final List<Segment> segments = new ArrayList<>(2);
    private long hash;
    private long position;
    private int loud;
    private long lockedAt = -1;
    private long matchedFrames;

    Recognition(FixtureIndex index) {
        this.index = index;
    }

    /** Consumes audio (mu-law 8 kHz); true when something new was recognised. */
    boolean accept(byte[] muLaw, int off, int len) {
        boolean progressed = false;
        int w = FixtureIndex.W;
        for (int i = off; i < off + len; i++) {
            byte in = FixtureIndex.canonical(muLaw[i]);
            int slot = (int) (position % w);
            byte out = window[slot];
            window[slot] = in;
            hash = hash * FixtureIndex.P - (out & 0xFF) * FixtureIndex.P_W + (in & 0xFF);
            loud += (FixtureIndex.LOUD[in & 0xFF] ? 1 : 0) - (FixtureIndex.LOUD[out & 0xFF] ? 1 : 0);
            position++;
            if (position < w || loud == 0) {
                continue;
            }
            boolean aligned = lockedAt >= 0 && (position - lockedAt) % w == 0;
            if (lockedAt >= 0 && !aligned) {
                continue;
            }
            int hit = index.lookup(hash);
            if (hit >= 0 && confirm(hit)) {
                lockedAt = position;
                progressed |= heard(index.entry(hit >>> 16), hit & 0xFFFF);
            } else if (aligned) {
                // this alignment stopped matching (other speech, noise): search every offset again
                lockedAt = -1;
            }
        }
        return progressed;
    }

    private boolean confirm(int hit) {
        FixtureIndex.Entry e = index.entry(hit >>> 16);
        int frameStart = (hit & 0xFFFF) * FixtureIndex.W;
        int w = FixtureIndex.W;
        long start = position - w;
        for (int k = 0; k < w; k++) {
            if (window[(int) ((start + k) % w)] != e.canonical()[frameStart + k]) {
                return false;
            }
        }
        return true;
    }

    private boolean heard(FixtureIndex.Entry entry, int frame) {
        matchedFrames++;
        Segment current = segments.isEmpty() ? null : segments.getLast();
        if (current == null || current.entry.id() != entry.id() || frame < current.maxFrame - REORDER_FRAMES) {
            current = new Segment(entry);
            segments.add(current);
        }
        int before = current.wordsSoFar();
        current.heard.set(frame);
        current.maxFrame = Math.max(current.maxFrame, frame);
        return current.wordsSoFar() != before || current.heard.cardinality() == 1;
    }

    /** The running transcript: every recording heard, each up to the furthest point heard. */
    String interimTranscript() {
        return transcript(false);
    }

    /** The final transcript: each recording in full when most of it was heard, else the part heard. */
    String finalTranscript() {
        return transcript(true);
    }

    private String transcript(boolean isFinal) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            String text = s.text(isFinal);
            if (!text.isEmpty()) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(text);
            }
        }
        return sb.toString();
    }

    /** Fraction of the last recording heard so far (0..1), for interim stability. */
    double progress() {
        if (segments.isEmpty()) {
            return 0;
        }
        Segment s = segments.getLast();
        return s.entry.lastIndexedFrame() < 0 ? 0 : Math.min(1.0, (s.maxFrame + 1) / (double) (s.entry.lastIndexedFrame() + 1));
    }

    long matchedFrames() {
        return matchedFrames;
    }

    /** Audio consumed, in bytes. */
    long position() {
        return position;
    }
}
