package io.voiceagents.gateway.application.live;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * The viewers of live calls connected to this replica, by call SID. Live events reach every replica (see the
 * live feed); each hands them only to its own viewers of that call. A viewer must not block: it is called on
 * the thread that delivers the event stream.
 */
@ApplicationScoped
public class LiveCallViewers {

    private static final Logger LOG = Logger.getLogger(LiveCallViewers.class);

    private final Map<String, Set<Consumer<LiveCallEvent>>> viewers = new ConcurrentHashMap<>();

    /** Starts handing the call's events to {@code viewer}; run the returned action to stop. */
    public Runnable watch(String callSid, Consumer<LiveCallEvent> viewer) {
        viewers.computeIfAbsent(callSid, sid -> ConcurrentHashMap.newKeySet()).add(viewer);
        return () -> viewers.computeIfPresent(callSid, (sid, set) -> {
            set.remove(viewer);
            return set.isEmpty() ? null : set;
        });
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
