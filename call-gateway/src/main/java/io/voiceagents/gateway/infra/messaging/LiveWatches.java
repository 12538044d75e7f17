package io.voiceagents.gateway.infra.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.config.GatewayConfigCheck;
import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * Which calls some replica watches, learnt from the {@code WATCH} and {@code UNWATCH} records every replica reads
 * on the live topic, so {@link KafkaLiveCallFeed} can skip the streaming events of calls nobody would see (most of
 * them: dozens a second per call while someone speaks). Each replica's viewers of a call hold a lease on it that
 * ends when withdrawn or not renewed in time, so a replica that died stops counting by itself. The leases are
 * timed by this replica's clock from when the record is read, so clocks of replicas need not agree.
 *
 * <p>Also throttles the interim caller text of watched calls, and lets a replica wait until its own WATCH came
 * back from the topic: from then on the call counts as watched here and, give or take their lag on the same
 * partition, on the other replicas.
 *
 * <p>Bounded: at most {@link #MAX_WATCHED_CALLS} calls (beyond, new ones are not watched),
 * expired leases are purged at every renewal period, and a lease never lasts longer than
 * {@link GatewayConfigCheck#MAX_WATCH_LEASE} whatever a record asks.
 */
@ApplicationScoped
public class LiveWatches {

    /** Far above the calls anyone watches at once; a flood of WATCH records must not grow the map without end. */
    static final int MAX_WATCHED_CALLS = 10_000;
    /** Longest wait for this replica's own WATCH to come back (a broker outage must not hold a viewer long). */
    static final Duration OWN_WATCH_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(LiveWatches.class);

    /** What the feed does with an event. */
    enum Verdict {
        PUBLISH,
        /** A streaming event of a call nobody watches. */
        UNWATCHED,
        /** Interim caller text sooner than the interval after the last one published. */
        THROTTLED
    }

    private final String replicaId = UUID.randomUUID().toString();
    private final Clock clock;
    private final long interimIntervalMillis;
    private final Map<String, WatchedCall> calls = new ConcurrentHashMap<>();
    private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    @Inject
    public LiveWatches(GatewayConfig config) {
        this(Clock.systemUTC(), config.live().interimInterval());
    }

    LiveWatches(Clock clock, Duration interimInterval) {
        this.clock = clock;
        this.interimIntervalMillis = interimInterval.toMillis();
    }

    /** This replica's id in its WATCH and UNWATCH records (new at every start). */
    String replicaId() {
        return replicaId;
    }

    /** Whether an event of the call should be published; the cheap check done before anything else. */
    Verdict verdict(LiveCallEvent.Type type, String callSid) {
        if (!type.streaming()) {
            return Verdict.PUBLISH;
        }
        WatchedCall call = calls.get(callSid);
        long now = clock.millis();
        if (call == null || call.until <= now) {
            return Verdict.UNWATCHED;
        }
        if (type == LiveCallEvent.Type.CALLER_INTERIM && !call.interimDue(now, interimIntervalMillis)) {
            return Verdict.THROTTLED;
        }
        return Verdict.PUBLISH;
    }

    /** A WATCH record was read: {@code watcher} has viewers of the call for {@code lease} from now. */
    void renew(String callSid, String watcher, Duration lease) {
        long end = clock.millis() + Math.min(lease.toMillis(), GatewayConfigCheck.MAX_WATCH_LEASE.toMillis());
        if (!calls.containsKey(callSid) && calls.size() >= MAX_WATCHED_CALLS) {
            purgeExpired();
        }
        if (!calls.containsKey(callSid) && calls.size() >= MAX_WATCHED_CALLS) {
            LOG.debugf("live view: %d calls are watched already, call %s is not", MAX_WATCHED_CALLS, callSid);
        } else {
            calls.compute(callSid, (sid, call) -> {
                WatchedCall watched = call == null ? new WatchedCall() : call;
                watched.renew(watcher, end);
                return watched;
            });
        }
        if (replicaId.equals(watcher)) {
            Set<CompletableFuture<Void>> back = waiting.remove(callSid);
            if (back != null) {
                back.forEach(future -> future.complete(null));
            }
        }
    }

    /** An UNWATCH record was read: {@code watcher} has no more viewers of the call. */
    void release(String callSid, String watcher) {
        calls.computeIfPresent(callSid, (sid, call) -> call.release(watcher) ? null : call);
    }

    /**
     * Completes when a WATCH of the call by this replica is read after this call (register before sending it),
     * or after {@link #OWN_WATCH_WAIT} at the latest; never exceptionally.
     */
    CompletableFuture<Void> awaitOwnWatch(String callSid) {
        CompletableFuture<Void> back = new CompletableFuture<>();
        waiting.compute(callSid, (sid, set) -> {
            Set<CompletableFuture<Void>> futures = set == null ? ConcurrentHashMap.newKeySet() : set;
            futures.add(back);
            return futures;
        });
        back.completeOnTimeout(null, OWN_WATCH_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> waiting.computeIfPresent(callSid, (sid, set) -> {
                    set.remove(back);
                    return set.isEmpty() ? null : set;
                }));
        return back;
    }

    /** Forgets leases that ran out (and calls left without any). */
    @Scheduled(every = "${gateway.live.watch-renew}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        long now = clock.millis();
        for (String callSid : calls.keySet()) {
            calls.computeIfPresent(callSid, (sid, call) -> call.purge(now) ? null : call);
        }
    }

    /** Calls with a lease here, running or not yet purged (for metrics and tests). */
    int watchedCalls() {
        return calls.size();
    }

    /** Waits for own WATCH records not yet back (for tests). */
    int waiting() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * The leases on one call. They change only inside the map's compute for the call (so one at a time), while
     * the feed reads {@link #until} on every streaming event without a lock.
     */
    private static final class WatchedCall {
        private final Map<String, Long> leaseEnds = new HashMap<>();
        private final AtomicLong nextInterim = new AtomicLong(Long.MIN_VALUE);
        /** The latest end of its leases (epoch millis). */
        private volatile long until;

        void renew(String watcher, long end) {
            leaseEnds.put(watcher, end);
            until = latestEnd();
        }

        /** True when no lease is left. */
        boolean release(String watcher) {
            leaseEnds.remove(watcher);
            until = latestEnd();
            return leaseEnds.isEmpty();
        }

        /** True when no lease is left. */
        boolean purge(long now) {
            leaseEnds.values().removeIf(end -> end <= now);
            until = latestEnd();
            return leaseEnds.isEmpty();
        }

        /** True (and the next one is due an interval later) when interim text may be published now. */
        boolean interimDue(long now, long interval) {
            long next = nextInterim.get();
            return now >= next && nextInterim.compareAndSet(next, now + interval);
        }

        private long latestEnd() {
            long latest = Long.MIN_VALUE;
            for (long end : leaseEnds.values()) {
                latest = Math.max(latest, end);
            }
            return latest;
        }
    }
}
