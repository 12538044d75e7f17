package io.voiceagents.testkit.twilio.media;

import io.voiceagents.audio.MuLaw;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Twilio's playout of the audio an application sends on a bidirectional stream, as a timeline: audio starts
 * playing when it arrives (or when the audio queued before it ends) and plays at 8000 bytes per second; a
 * {@code mark} is due when everything queued before it has played; {@code clear} drops what is queued and makes
 * pending marks due at once. On top of the timeline it finds the agent's utterances (audible audio with no gap of
 * {@code utteranceGap} or more) and measures each message's lateness relative to continuous playback.
 *
 * <p>Pure and clock-free: every call takes the current {@link System#nanoTime()}. Not thread-safe (the caller's lock
 * guards it).
 */
final class Playback {

    /** 8000 mu-law bytes per second. */
    static final long NANOS_PER_BYTE = 1_000_000_000L / MuLaw.SAMPLE_RATE;
    /** A 20 ms frame whose loudest sample is below this (about -40 dBFS) is not speech: line noise, silence. */
    static final int AUDIBLE_PEAK = 300;
    private static final boolean[] LOUD = new boolean[256];
    /** Most marks remembered; older echoes are forgotten (a long benchmark call sends thousands). */
    private static final int MAX_MARKS = 2_000;
    private static final int MAX_UTTERANCES = 1_000;

    static {
        for (int i = 0; i < 256; i++) {
            LOUD[i] = Math.abs(MuLaw.decode((byte) i)) >= AUDIBLE_PEAK;
        }
    }

    private record Pending(String name, long receivedNanos, long dueNanos) {
    }

    private static final class Utterance {
        final int index;
        final long startNanos;
        final long firstArrivalNanos;
        long endNanos;
        int bytes;
        int messages;
        int underruns;
        long gapNanos;
        long maxLateNanos;
        boolean cleared;
        boolean closed;
        int droppedBytes;
        final List<String> marks = new ArrayList<>(4);
        final ByteArrayOutputStream audio;

        Utterance(int index, long startNanos, long firstArrivalNanos, boolean keepAudio) {
            this.index = index;
            this.startNanos = startNanos;
            this.firstArrivalNanos = firstArrivalNanos;
            this.audio = keepAudio ? new ByteArrayOutputStream(8_000) : null;
        }
    }

    private final long origin;
    private final long gapNanos;
    private final long underrunNanos;
    private final boolean keepAudio;
    private long playEnd;
    private long lastAudibleEnd;
    private Utterance current;
    private final List<Utterance> utterances = new ArrayList<>();
    private int utteranceCount;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<MarkEcho> echoes = new ArrayDeque<>();
    private final List<ClearEvent> clears = new ArrayList<>();
    private final LatenessHistogram.Recorder lateness = new LatenessHistogram.Recorder();
    private int underruns;
    private long receivedBytes;

    Playback(long originNanos, long utteranceGapNanos, long underrunThresholdNanos, boolean keepAudio) {
        this.origin = originNanos;
        this.gapNanos = utteranceGapNanos;
        this.underrunNanos = underrunThresholdNanos;
        this.keepAudio = keepAudio;
        this.playEnd = originNanos;
        this.lastAudibleEnd = originNanos - utteranceGapNanos;
    }

    static boolean audible(byte[] audio) {
        for (byte b : audio) {
            if (LOUD[b & 0xFF]) {
                return true;
            }
        }
        return false;
    }

    /** A {@code media} message's audio arrived. */
    void onMedia(long now, byte[] audio) {
        long start = Math.max(now, playEnd);
        long end = start + audio.length * NANOS_PER_BYTE;
        long dry = now - playEnd;
        boolean audible = audible(audio);
        receivedBytes += audio.length;
        Utterance u = open(now);
        if (u != null) {
            u.bytes += audio.length;
            u.messages++;
            if (dry > 0) {
                u.gapNanos += dry;
            }
            u.maxLateNanos = Math.max(u.maxLateNanos, dry);
            lateness.record(dry);
            if (dry > underrunNanos) {
                u.underruns++;
                underruns++;
            }
            if (audible) {
                u.endNanos = end;
            }
            append(u, audio);
        } else if (audible) {
            if (current != null) {
                current.closed = true;
            }
            u = new Utterance(utteranceCount++, start, now, keepAudio);
            u.bytes = audio.length;
            u.messages = 1;
            u.endNanos = end;
            append(u, audio);
            current = u;
            if (utterances.size() == MAX_UTTERANCES) {
                utterances.remove(0);
            }
            utterances.add(u);
        }
        if (audible) {
            lastAudibleEnd = end;
        }
        playEnd = end;
    }

    private static void append(Utterance u, byte[] audio) {
        if (u.audio != null) {
            u.audio.writeBytes(audio);
        }
    }

    /** A {@code mark}: true when it is due at once (nothing queued), else it waits for {@link #due}. */
    boolean onMark(long now, String name) {
        Utterance u = open(now);
        if (u != null) {
            u.marks.add(name);
        }
        if (playEnd <= now) {
            remember(new MarkEcho(name, ms(now), ms(now), false));
            return true;
        }
        pending.add(new Pending(name, now, playEnd));
        return false;
    }

    /** Marks whose audio has played by {@code now}, in order; they count as echoed. */
    List<String> due(long now) {
        if (pending.isEmpty() || pending.peek().dueNanos() > now) {
            return List.of();
        }
        List<String> names = new ArrayList<>(2);
        while (!pending.isEmpty() && pending.peek().dueNanos() <= now) {
            Pending p = pending.poll();
            remember(new MarkEcho(p.name(), ms(p.receivedNanos()), ms(now), false));
            names.add(p.name());
        }
        return names;
    }

    /** A {@code clear}: drops queued audio, ends the utterance, and returns the pending marks now echoed. */
    List<String> onClear(long now) {
        int dropped = (int) (Math.max(0, playEnd - now) / NANOS_PER_BYTE);
        Utterance u = open(now);
        if (u != null) {
            u.cleared = true;
            u.droppedBytes += dropped;
            u.endNanos = Math.min(u.endNanos, now);
            u.closed = true;
        }
        playEnd = Math.min(playEnd, now);
        lastAudibleEnd = Math.min(lastAudibleEnd, now);
        List<String> flushed = new ArrayList<>(pending.size());
        while (!pending.isEmpty()) {
            Pending p = pending.poll();
            remember(new MarkEcho(p.name(), ms(p.receivedNanos()), ms(now), true));
            flushed.add(p.name());
        }
        clears.add(new ClearEvent(ms(now), dropped, flushed.size(), u == null ? -1 : u.index));
        return flushed;
    }

    private void remember(MarkEcho echo) {
        if (echoes.size() == MAX_MARKS) {
            echoes.poll();
        }
        echoes.add(echo);
    }

    /** The utterance still going on at {@code now} (playing, or in a gap shorter than the utterance gap), or null. */
    private Utterance open(long now) {
        return current != null && !current.closed && now - lastAudibleEnd < gapNanos ? current : null;
    }

    /** Index of the utterance going on at {@code now}, or -1. */
    int openUtterance(long now) {
        Utterance u = open(now);
        return u == null ? -1 : u.index;
    }

    /** Start time (nanos) of the utterance going on at {@code now}; only valid when {@link #openUtterance} is not -1. */
    long openUtteranceStart(long now) {
        Utterance u = open(now);
        return u == null ? -1 : u.startNanos;
    }

    /** True when audible agent audio is playing at {@code now}. */
    boolean audibleAt(long now) {
        return lastAudibleEnd > now;
    }

    /** How long no audible agent audio has played (negative while it plays). */
    long quietNanos(long now) {
        return now - lastAudibleEnd;
    }

    /** True when an utterance's first audible audio arrived at or after {@code sinceNanos}. */
    boolean utteranceArrivedSince(long sinceNanos) {
        return current != null && current.firstArrivalNanos >= sinceNanos;
    }

    int utteranceCount() {
        return utteranceCount;
    }

    int clearCount() {
        return clears.size();
    }

    int echoedMarkCount() {
        return echoes.size();
    }

    long receivedBytes() {
        return receivedBytes;
    }

    int underruns() {
        return underruns;
    }

    List<AgentUtterance> utterances(long now, boolean withAudio) {
        List<AgentUtterance> out = new ArrayList<>(utterances.size());
        Utterance open = open(now);
        for (Utterance u : utterances) {
            byte[] audio = withAudio && u.audio != null ? u.audio.toByteArray() : new byte[0];
            out.add(new AgentUtterance(u.index, ms(u.startNanos), ms(u.firstArrivalNanos), ms(u.endNanos), u == open,
                    u.bytes, u.messages, u.underruns, u.gapNanos / 1_000_000, Math.max(0, u.maxLateNanos) / 1000,
                    u.cleared, u.droppedBytes, List.copyOf(u.marks), audio));
        }
        return out;
    }

    List<MarkEcho> marks() {
        List<MarkEcho> out = new ArrayList<>(echoes);
        for (Pending p : pending) {
            out.add(new MarkEcho(p.name(), ms(p.receivedNanos()), -1, false));
        }
        return out;
    }

    List<ClearEvent> clears() {
        return List.copyOf(clears);
    }

    LatenessHistogram lateness() {
        return lateness.snapshot();
    }

    long ms(long nanos) {
        return Math.floorDiv(nanos - origin, 1_000_000);
    }
}
