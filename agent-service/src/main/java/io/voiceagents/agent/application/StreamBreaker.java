package io.voiceagents.agent.application;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Circuit breaker of streamed LLM requests, with the limits the unary path's @CircuitBreaker has: over the
 * last 20 stream starts, 75% failures open it for 10 s; then trial requests go through, and 2 successes in
 * a row close it again while one failure reopens it. A start succeeds when its first token (or a complete
 * answer) arrives; it fails on a retriable provider error or no first token in time.
 *
 * <p>Why not MicroProfile's annotation: a stream fails through a callback long after the method that
 * started it returned, where the interceptor no longer looks. Thread-safe.
 */
final class StreamBreaker {

    static final int WINDOW = 20;
    static final double FAILURE_RATIO = 0.75;
    static final long OPEN_NANOS = 10_000_000_000L;
    static final int SUCCESS_THRESHOLD = 2;

    private enum State { CLOSED, OPEN, HALF_OPEN }

    private final LongSupplier clock;
    private final ArrayDeque<Boolean> window = new ArrayDeque<>(WINDOW);
    private State state = State.CLOSED;
    private long openedAt;
    private int trialSuccesses;

    StreamBreaker(LongSupplier clock) {
        this.clock = clock;
    }

    /** Whether a new stream may start now. */
    synchronized boolean allows() {
        if (state == State.OPEN && clock.getAsLong() - openedAt >= OPEN_NANOS) {
            state = State.HALF_OPEN;
            trialSuccesses = 0;
        }
        return state != State.OPEN;
    }

    synchronized void success() {
        if (state == State.HALF_OPEN) {
            if (++trialSuccesses >= SUCCESS_THRESHOLD) {
                state = State.CLOSED;
                window.clear();
            }
            return;
        }
        remember(true);
    }

    synchronized void failure() {
        if (state == State.HALF_OPEN) {
            open();
            return;
        }
        remember(false);
        if (window.size() == WINDOW && failures() >= FAILURE_RATIO * WINDOW) {
            open();
        }
    }

    synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    private void remember(boolean ok) {
        if (window.size() == WINDOW) {
            window.removeFirst();
        }
        window.addLast(ok);
    }

    private long failures() {
        return window.stream().filter(ok -> !ok).count();
    }

    private void open() {
        state = State.OPEN;
        openedAt = clock.getAsLong();
        window.clear();
    }
}
