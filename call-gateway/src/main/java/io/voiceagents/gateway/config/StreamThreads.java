package io.voiceagents.gateway.config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.voiceagents.gateway.application.SessionPool;
import io.voiceagents.gateway.application.stream.NanoClock;
import io.voiceagents.gateway.application.stream.PlaybackPacer;
import io.voiceagents.gateway.application.stream.ScheduledTimers;

/**
 * The threads of `stream` calls, shared by all of them and created on the first stream: a pool as large as
 * the machine's cores for the sessions' in-memory work (VAD, turn state), a small pool for blocking work
 * (database writes, Twilio REST calls), one timer thread and one pacing thread. No call owns a thread.
 */
@ApplicationScoped
public class StreamThreads {

    /** Blocking work is short (one insert, one REST call); a few threads cover hundreds of calls. */
    private static final int BLOCKING_THREADS = 8;

    private SessionPool sessionPool;
    private ThreadPoolExecutor blocking;
    private ScheduledTimers timers;
    private PlaybackPacer pacer;

    public synchronized SessionPool sessionPool() {
        if (sessionPool == null) {
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            sessionPool = new SessionPool(threads, named("stream-session-"), named("stream-turn-"));
        }
        return sessionPool;
    }

    public synchronized ExecutorService blocking() {
        if (blocking == null) {
            blocking = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), named("stream-blocking-"));
            blocking.allowCoreThreadTimeOut(true);
        }
        return blocking;
    }

    public synchronized ScheduledTimers timers() {
        if (timers == null) {
            timers = new ScheduledTimers("stream-timers");
        }
        return timers;
    }

    /** The pacer, started; @param leadNanos audio kept buffered at Twilio (fixed at the first call) */
    public synchronized PlaybackPacer pacer(long leadNanos) {
        if (pacer == null) {
            pacer = PlaybackPacer.withFrameTicks(NanoClock.SYSTEM, leadNanos);
            pacer.start();
        }
        return pacer;
    }

    @PreDestroy
    synchronized void shutdown() {
        if (pacer != null) {
            pacer.close();
        }
        if (timers != null) {
            timers.close();
        }
        if (sessionPool != null) {
            sessionPool.close();
        }
        if (blocking != null) {
            blocking.shutdown();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
