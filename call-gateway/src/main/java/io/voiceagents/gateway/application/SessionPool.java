package io.voiceagents.gateway.application;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run the call sessions' {@link SerialExecutor}s, with a way to the front of the queue: a session
 * that has received what a caller is waiting for (a transcript, the reply's text, its audio) is run before the
 * sessions that only have audio frames queued, so a busy moment delays the frames (which have buffer to spare)
 * rather than the reply. Fixed size, every thread started at once.
 */
public final class SessionPool implements Executor, AutoCloseable {

    private final LinkedBlockingDeque<Runnable> queue = new LinkedBlockingDeque<>();
    private final ThreadPoolExecutor threads;

    public SessionPool(int size, ThreadFactory factory) {
        this.threads = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, queue, factory);
        // tasks put straight at the head of the queue are only taken by threads that already exist
        threads.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable task) {
        threads.execute(task);
    }

    /** Runs {@code task} before everything already waiting. */
    public void executeFirst(Runnable task) {
        if (threads.isShutdown()) {
            throw new RejectedExecutionException("the session pool is shut down");
        }
        queue.offerFirst(task);
    }

    /**
     * Moves {@code task} to the head of the queue if it is waiting there; does nothing when it is running or
     * already taken (its runner then sees the urgent work itself).
     */
    public void expedite(Runnable task) {
        if (queue.removeFirstOccurrence(task)) {
            queue.offerFirst(task);
        }
    }

    /** Tasks waiting for a thread. */
    public int waiting() {
        return queue.size();
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
