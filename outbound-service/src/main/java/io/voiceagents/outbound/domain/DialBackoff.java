package io.voiceagents.outbound.domain;

import java.time.Duration;

/**
 * How long a call waits in the queue after a create request failed in a way worth retrying: doubling from the
 * initial delay with each request already sent, never longer than the maximum.
 */
public record DialBackoff(Duration initial, Duration max) {

    public DialBackoff {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive");
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maximum backoff must be at least the initial one");
        }
    }

    /** Delay before the next request when {@code requestsSent} (1 or more) requests have been sent. */
    public Duration after(int requestsSent) {
        int doublings = Math.max(0, Math.min(requestsSent - 1, 30));
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
