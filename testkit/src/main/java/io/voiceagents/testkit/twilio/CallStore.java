package io.voiceagents.testkit.twilio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The {@link TwilioRestEmulator}'s calls: snapshots replaced atomically per call, creation order, and the
 * monotonic instants each call was created and ended (for {@link CallTimeline}). Thread-safe.
 */
final class CallStore {

    private static final class Entry {
        private RestCall call;
        private final long createdNanos;
        private long endedNanos = CallTimeline.NOT_ENDED;

        Entry(RestCall call, long createdNanos) {
            this.call = call;
            this.createdNanos = createdNanos;
        }
    }

    private final Map<String, Entry> calls = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();

    synchronized void add(RestCall call, long createdNanos) {
        calls.put(call.sid(), new Entry(call, createdNanos));
        order.add(call.sid());
    }

    Optional<RestCall> get(String sid) {
        Entry e = calls.get(sid);
        if (e == null) {
            return Optional.empty();
        }
        synchronized (e) {
            return Optional.of(e.call);
        }
    }

    /** Applies {@code change} atomically; empty when the call does not exist. */
    Optional<RestCall> update(String sid, UnaryOperator<RestCall> change) {
        return transition(sid, c -> true, change);
    }

    /** Applies {@code change} atomically if {@code when} holds for the current snapshot; empty otherwise. */
    Optional<RestCall> transition(String sid, Predicate<RestCall> when, UnaryOperator<RestCall> change) {
        Entry e = calls.get(sid);
        if (e == null) {
            return Optional.empty();
        }
        synchronized (e) {
            if (!when.test(e.call)) {
                return Optional.empty();
            }
            RestCall next = change.apply(e.call);
            if (!e.call.ended() && next.ended()) {
                e.endedNanos = System.nanoTime();
            }
            e.call = next;
            return Optional.of(next);
        }
    }

    synchronized boolean remove(String sid) {
        order.remove(sid);
        return calls.remove(sid) != null;
    }

    synchronized List<RestCall> inCreationOrder() {
        List<RestCall> out = new ArrayList<>(order.size());
        for (String sid : order) {
            get(sid).ifPresent(out::add);
        }
        return out;
    }

    synchronized CallTimeline timeline() {
        List<CallTimeline.Lifetime> out = new ArrayList<>(order.size());
        for (String sid : order) {
            Entry e = calls.get(sid);
            synchronized (e) {
                RestCall c = e.call;
                out.add(new CallTimeline.Lifetime(c.sid(), c.to(), c.from(), c.createdAt(), e.createdNanos,
                        e.endedNanos, c.status()));
            }
        }
        return new CallTimeline(out);
    }

    synchronized void clear() {
        calls.clear();
        order.clear();
    }
}
