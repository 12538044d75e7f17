package io.voiceagents.outbound.application;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Wakes this replica's idle dial workers when calls became due here, after the transaction that made them due
 * committed: a single call placed, a campaign scheduler tick that queued calls, a campaign resumed (other replicas'
 * workers find them by polling). Also lets their waits end at once when the service stops.
 */
@ApplicationScoped
public class DialQueueSignal {

    private final Object monitor = new Object();
    private long wakeups;
    private boolean stopping;

    public void wake() {
        synchronized (monitor) {
            wakeups++;
            monitor.notifyAll();
        }
    }

    /** Waits up to {@code max} for a {@link #wake()} (or the stop). */
    public void awaitWork(Duration max) {
        synchronized (monitor) {
            long seen = wakeups;
            long deadline = System.nanoTime() + max.toNanos();
            while (wakeups == seen && !stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !waitNanos(left)) {
                    return;
                }
            }
        }
    }

    /** Sleeps for {@code duration}; false when the service began stopping meanwhile. */
    public boolean pause(Duration duration) {
        synchronized (monitor) {
            long deadline = System.nanoTime() + duration.toNanos();
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                if (!waitNanos(left)) {
                    return false;
                }
            }
            return false;
        }
    }

    public void stop() {
        synchronized (monitor) {
            stopping = true;
            monitor.notifyAll();
        }
    }

    public boolean stopping() {
        synchronized (monitor) {
            return stopping;
        }
    }

    private boolean waitNanos(long nanos) {
        try {
            monitor.wait(Math.max(1, nanos / 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
