package io.voiceagents.gateway.infra.grpc;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One timer thread for the first-chunk budgets of every streamed reply and sentence. The tasks only flag a
 * stream failed and cancel its call, so one thread serves thousands of calls; cancelled timers are removed at
 * once (most streams answer in time).
 */
@ApplicationScoped
public class StreamTimer {

    private final ScheduledThreadPoolExecutor executor;

    public StreamTimer() {
        executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("grpc-stream-timer").factory());
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} after {@code delay}; the returned action cancels it. */
    public Runnable after(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
