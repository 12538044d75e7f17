package io.voiceagents.gateway.application.live;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.voiceagents.gateway.application.port.LiveWatchAnnouncer;
import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * The viewers of live calls connected to this replica, by call SID. Live events reach every replica (see the
 * live feed); each hands them only to its own viewers of that call. A viewer must not block: it is called on
 * the thread that delivers the event stream.
 *
 * <p>The streaming events of a call (interim caller text, reply deltas) are only published while some replica
 * announces viewers of it, so this one announces its calls when asked ({@link #announce}), renews the
 * announcements while their viewers stay, and withdraws a call's when its last viewer here leaves. Announcing
 * and withdrawing a call happen under the same per-call lock as adding and removing its viewers, so a viewer
 * that arrives as the last one leaves is never left behind a withdrawal.
 */
@ApplicationScoped
public class LiveCallViewers {

    private static final Logger LOG = Logger.getLogger(LiveCallViewers.class);

    private final Map<String, Set<Consumer<LiveCallEvent>>> viewers = new ConcurrentHashMap<>();
    private final LiveWatchAnnouncer announcer;

    @Inject
    public LiveCallViewers(LiveWatchAnnouncer announcer) {
        this.announcer = announcer;
    }

    /**
     * Starts handing the call's events to {@code viewer}; run the returned action to stop (more than once is
     * harmless). Its streaming events only come once the call is {@linkplain #announce announced}.
     */
    public Runnable watch(String callSid, Consumer<LiveCallEvent> viewer) {
        viewers.compute(callSid, (sid, set) -> {
            Set<Consumer<LiveCallEvent>> watching = set == null ? ConcurrentHashMap.newKeySet() : set;
            watching.add(viewer);
            return watching;
        });
        return () -> viewers.computeIfPresent(callSid, (sid, set) -> {
            if (!set.remove(viewer) || !set.isEmpty()) {
                return set;
            }
            announcer.withdraw(sid);
            return null;
        });
    }

    /**
     * Tells every replica that the call has viewers here, so its streaming events are published. The stage
     * completes once that took effect (or could not be done in a short while); a call without viewers here is
     * not announced.
     */
    public CompletionStage<Void> announce(String callSid) {
        AtomicReference<CompletionStage<Void>> announced = new AtomicReference<>();
        viewers.computeIfPresent(callSid, (sid, set) -> {
            announced.set(announcer.announce(sid));
            return set;
        });
        CompletionStage<Void> stage = announced.get();
        return stage == null ? CompletableFuture.completedFuture(null) : stage;
    }

    /** Renews the announcements of every call watched here before their leases run out. */
    @Scheduled(every = "${gateway.live.watch-renew}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renewAnnouncements() {
        for (String callSid : viewers.keySet()) {
            try {
                announce(callSid);
            } catch (RuntimeException e) {
                LOG.debugf("live viewers of call %s not announced: %s", callSid, e.getMessage());
            }
        }
    }

    /** Hands an event to the viewers of its call; a failing viewer does not keep it from the others. */
    public void deliver(LiveCallEvent event) {
        Set<Consumer<LiveCallEvent>> watching = viewers.get(event.callSid());
        if (watching == null) {
            return;
        }
        for (Consumer<LiveCallEvent> viewer : watching) {
            try {
                viewer.accept(event);
            } catch (RuntimeException e) {
                LOG.debugf("live viewer of call %s failed: %s", event.callSid(), e.getMessage());
            }
        }
    }

    /** How many viewers watch this call here (for tests and metrics). */
    public int viewerCount(String callSid) {
        Set<Consumer<LiveCallEvent>> watching = viewers.get(callSid);
        return watching == null ? 0 : watching.size();
    }
}
