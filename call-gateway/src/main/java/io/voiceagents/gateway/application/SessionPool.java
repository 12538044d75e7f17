package io.voiceagents.gateway.application;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run the call sessions' {@link SerialExecutor}s, plus one thread for what a caller is waiting
 * for: a session that has received a transcript, the reply's text or its audio runs that work on the turn thread
 * right away — even while every session thread is busy with audio frames (which have buffer to spare) — and its
 * frames then go to the front of the queue. The turn thread runs at high priority (honoured where the process
 * may raise priorities). Fixed size, every thread started at once.
 */
public final class SessionPool implements Executor, AutoCloseable {

    private final LinkedBlockingDeque<Runnable> queue = new LinkedBlockingDeque<>();
    private final ThreadPoolExecutor threads;
    private final ThreadPoolExecutor turn;

    /**
     * @param sessions makes the session threads
     * @param turnThread makes the turn thread (the pool gives it the highest priority)
     */
    public SessionPool(int size, ThreadFactory sessions, ThreadFactory turnThread) {
        this.threads = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, queue, sessions);
        // tasks put straight at the head of the queue are only taken by threads that already exist
        threads.prestartAllCoreThreads();
        this.turn = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = turnThread.newThread(runnable);
            thread.setPriority(Thread.MAX_PRIORITY);
            return thread;
        });
        turn.prestartAllCoreThreads();
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

    /** Runs {@code task} on the turn thread (after the turn work already handed to it). */
    public void executeOnTurnThread(Runnable task) {
        turn.execute(task);
    }

    /**
     * Takes {@code task} out of the queue if it is waiting there; false when it is running or already taken (its
     * runner then sees the urgent work itself).
     */
    public boolean withdraw(Runnable task) {
        return queue.removeFirstOccurrence(task);
    }

    /** Tasks waiting for a thread. */
    public int waiting() {
        return queue.size();
    }

    @Override
    public void close() {
        threads.shutdown();
        turn.shutdown();
    }
}
