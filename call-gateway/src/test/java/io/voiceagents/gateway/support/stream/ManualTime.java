package io.voiceagents.gateway.support.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.voiceagents.gateway.application.stream.NanoClock;
import io.voiceagents.gateway.application.stream.Timers;

/** A clock and timers moved by hand: tests run minutes of a call in milliseconds, deterministically. */
public final class ManualTime implements NanoClock, Timers {

    private record Pending(long dueNanos, long order, Runnable task, boolean[] cancelled) {
    }

    private long now = 1_000_000_000L;
    private long order;
    private final List<Pending> pending = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        pending.add(new Pending(now + Math.max(0, delay.toNanos()), order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves time forward, running each timer that falls due at its own moment, in order. */
    public void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Pending next;
            synchronized (this) {
                next = pending.stream().filter(p -> !p.cancelled()[0] && p.dueNanos() <= target)
                        .min(Comparator.comparingLong(Pending::dueNanos).thenComparingLong(Pending::order)).orElse(null);
                if (next == null) {
                    now = target;
                    pending.removeIf(p -> p.cancelled()[0]);
                    return;
                }
                pending.remove(next);
                now = Math.max(now, next.dueNanos());
            }
            next.task().run();
        }
    }

    /** Timers still pending (not cancelled). */
    public synchronized long pendingTimers() {
        return pending.stream().filter(p -> !p.cancelled()[0]).count();
    }
}
