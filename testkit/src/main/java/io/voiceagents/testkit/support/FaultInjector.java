package io.voiceagents.testkit.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency and failure switches shared by the emulators. Thread-safe: tests flip them while requests are in flight.
 *
 * <p>Each request asks {@link #nextFailure()} once: a pending {@link #failNext(int, int)} budget is consumed
 * first, then the permanent {@link #setFailing(boolean)} switch applies.
 */
public final class FaultInjector {

    /** Marker returned by {@link #nextFailure()} when the request should succeed. */
    public static final int NO_FAILURE = 0;

    private final int defaultFailureStatus;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failNextStatus;
    private volatile boolean failing;
    private volatile Duration latency = Duration.ZERO;

    public FaultInjector(int defaultFailureStatus) {
        this.defaultFailureStatus = defaultFailureStatus;
        this.failNextStatus = defaultFailureStatus;
    }

    public void setLatency(Duration latency) {
        this.latency = latency == null || latency.isNegative() ? Duration.ZERO : latency;
    }

    public Duration latency() {
        return latency;
    }

    public void failNext(int n) {
        failNext(n, defaultFailureStatus);
    }

    public void failNext(int n, int status) {
        failNextStatus = status;
        failuresLeft.set(Math.max(0, n));
    }

    public void setFailing(boolean failing) {
        this.failing = failing;
    }

    /** Clears latency and failures. */
    public void reset() {
        latency = Duration.ZERO;
        failing = false;
        failuresLeft.set(0);
        failNextStatus = defaultFailureStatus;
    }

    /** Status (HTTP code, or whatever the emulator maps it to) this request must fail with, or {@link #NO_FAILURE}. */
    public int nextFailure() {
        int left = failuresLeft.getAndUpdate(v -> v > 0 ? v - 1 : 0);
        if (left > 0) {
            return failNextStatus;
        }
        return failing ? defaultFailureStatus : NO_FAILURE;
    }

    /** Sleeps for the configured latency; restores the interrupt flag if interrupted. */
    public void applyLatency() {
        Duration d = latency;
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
