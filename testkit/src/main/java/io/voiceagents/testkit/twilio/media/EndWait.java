package io.voiceagents.testkit.twilio.media;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits for a caller's end future: it completes only once the end has been fully handled (the pool has let go of
 * the caller, the REST emulator shows the final status), unlike the end flag, which is set first.
 */
public final class EndWait {

    private EndWait() {
    }

    public static <T> T await(CompletableFuture<T> ended, Duration timeout, Supplier<String> summary) {
        try {
            return ended.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout + " waiting for the call to end: " + summary.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the call to end", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the call's end failed", e.getCause());
        }
    }
}
