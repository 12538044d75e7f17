package io.voiceagents.testkit.twilio;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of when the {@link TwilioRestEmulator}'s calls were created and ended, for tests and benchmarks that
 * assert pacing (calls per second), duplicates (the same number dialed twice) and concurrency.
 *
 * <p>Instants come from {@link System#nanoTime()} taken when the emulator accepted the create (before it
 * answered) and when the call first reached a final status, so differences are exact to the nanosecond. A call is
 * <em>live</em> from its creation until its final status (completed, canceled, busy, no-answer, failed): that is
 * what a dialer limiting concurrent calls counts. Immutable.
 */
public final class CallTimeline {

    /** {@link Lifetime#endedNanos()} of a call that has not ended. */
    public static final long NOT_ENDED = Long.MIN_VALUE;

    /**
     * One call's life.
     *
     * @param sid          call SID
     * @param to           called number
     * @param from         caller ID
     * @param createdAt    wall-clock creation instant (microsecond precision on Linux)
     * @param createdNanos {@link System#nanoTime()} at creation
     * @param endedNanos   {@link System#nanoTime()} when it first reached a final status, or {@link #NOT_ENDED}
     * @param status       status when the snapshot was taken
     */
    public record Lifetime(String sid, String to, String from, Instant createdAt, long createdNanos, long endedNanos,
                           String status) {

        public boolean ended() {
            return endedNanos != NOT_ENDED;
        }

        /** Creation to final status; null while live. */
        public Duration duration() {
            return ended() ? Duration.ofNanos(endedNanos - createdNanos) : null;
        }
    }

    /**
     * Number of live calls from {@code at} on (until the next point).
     *
     * @param at   instant of the change
     * @param live calls live after it
     */
    public record ConcurrencyPoint(Instant at, int live) {
    }

    private final List<Lifetime> calls;

    CallTimeline(List<Lifetime> calls) {
        this.calls = List.copyOf(calls);
    }

    /** Every call, in creation order. */
    public List<Lifetime> calls() {
        return calls;
    }

    public int created() {
        return calls.size();
    }

    /** Calls not yet in a final status. */
    public int live() {
        return (int) calls.stream().filter(c -> !c.ended()).count();
    }

    /**
     * The most creations that fall within any window of length {@code window} (creations at t and t' count
     * together when |t' - t| &lt; window). With a limit of N calls per second, {@code maxCreationsWithin(1s) <= N}.
     */
    public int maxCreationsWithin(Duration window) {
        long w = window.toNanos();
        long[] t = sortedCreations();
        int best = 0;
        int first = 0;
        for (int last = 0; last < t.length; last++) {
            while (t[last] - t[first] >= w) {
                first++;
            }
            best = Math.max(best, last - first + 1);
        }
        return best;
    }

    /** The shortest time between two consecutive creations; null with fewer than two calls. */
    public Duration minGapBetweenCreations() {
        long[] t = sortedCreations();
        if (t.length < 2) {
            return null;
        }
        long min = Long.MAX_VALUE;
        for (int i = 1; i < t.length; i++) {
            min = Math.min(min, t[i] - t[i - 1]);
        }
        return Duration.ofNanos(min);
    }

    /** First to last creation; zero with fewer than two calls. */
    public Duration creationSpan() {
        long[] t = sortedCreations();
        return t.length < 2 ? Duration.ZERO : Duration.ofNanos(t[t.length - 1] - t[0]);
    }

    /** Average creation rate over {@link #creationSpan()} ((n - 1) / span); 0 with fewer than two calls. */
    public double creationsPerSecond() {
        long span = creationSpan().toNanos();
        return span == 0 ? 0 : (calls.size() - 1) * 1e9 / span;
    }

    /** How many calls were created to each number, in order of first creation. */
    public Map<String, Integer> creationsPerTo() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Lifetime c : calls) {
            out.merge(c.to(), 1, Integer::sum);
        }
        return out;
    }

    /** Numbers called more than once, with their counts: empty when no number was dialed twice. */
    public Map<String, Integer> duplicateTos() {
        Map<String, Integer> out = new LinkedHashMap<>();
        creationsPerTo().forEach((to, n) -> {
            if (n > 1) {
                out.put(to, n);
            }
        });
        return out;
    }

    /** The most calls live at the same time. A call ending at the instant another is created is not counted twice. */
    public int maxConcurrent() {
        return concurrencyOverTime().stream().mapToInt(ConcurrencyPoint::live).max().orElse(0);
    }

    /** Live calls after each creation or end, in time order (calls that never ended stay counted). */
    public List<ConcurrencyPoint> concurrencyOverTime() {
        if (calls.isEmpty()) {
            return List.of();
        }
        List<long[]> events = new ArrayList<>(); // {nanos, +1|-1}
        for (Lifetime c : calls) {
            events.add(new long[] {c.createdNanos(), 1});
            if (c.ended()) {
                events.add(new long[] {c.endedNanos(), -1});
            }
        }
        // ends before starts at the same instant
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        Lifetime origin = calls.get(0);
        List<ConcurrencyPoint> out = new ArrayList<>(events.size());
        int live = 0;
        for (long[] e : events) {
            live += (int) e[1];
            out.add(new ConcurrencyPoint(origin.createdAt().plusNanos(e[0] - origin.createdNanos()), live));
        }
        return out;
    }

    private long[] sortedCreations() {
        long[] t = calls.stream().mapToLong(Lifetime::createdNanos).toArray();
        Arrays.sort(t);
        return t;
    }
}
