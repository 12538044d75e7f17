package io.voiceagents.testkit.twilio.media;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Blocks a test thread on a caller's monitor until the caller's state ends the wait: what the callers' {@code await…}
 * methods share. The caller notifies its monitor whenever a wait may be over.
 */
public final class StateWait {

    private StateWait() {
    }

    /**
     * With {@code monitor}'s lock held, waits on it until {@code done}. Throws {@link IllegalStateException}, with
     * the caller's {@code summary}, on timeout or as soon as {@code stopped} gives a reason the wait cannot succeed
     * (say "script failed"; null while it can).
     */
    public static void await(Object monitor, BooleanSupplier done, Supplier<String> stopped, Supplier<String> summary,
                             Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            String reason = stopped.get();
            if (reason != null) {
                throw new IllegalStateException(reason + " while waiting for " + what + ": " + summary.get());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what + ": "
                        + summary.get());
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
