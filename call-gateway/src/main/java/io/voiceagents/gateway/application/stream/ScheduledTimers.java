package io.voiceagents.gateway.application.stream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link Timers} on one scheduler thread for every call: timer tasks only hand work to a session, so one
 * thread keeps up with thousands of pending budgets and pauses. Cancelled tasks are removed at once, so the
 * budgets re-armed on every reply delta do not pile up.
 */
public final class ScheduledTimers implements Timers, AutoCloseable {

    private final ScheduledThreadPoolExecutor scheduler;

    public ScheduledTimers(String threadName) {
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = scheduler.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
