package io.voiceagents.gateway.application.stream;

import java.time.Duration;

/**
 * Delayed tasks of `stream` sessions (budgets, pauses, silence, maximum duration), shared by every call. A task
 * runs on the timer's thread and must only hand work to its call's {@link io.voiceagents.gateway.application.SerialExecutor}.
 */
public interface Timers {

    Timer schedule(Duration delay, Runnable task);

    /** A scheduled task. */
    interface Timer {
        /** Stops it if it has not run; idempotent. */
        void cancel();
    }

    /** A timer that is never due, so fields can start non-null. */
    Timer NONE = () -> {
    };
}
