package io.voiceagents.gateway.application.stream;

/** Monotonic time in nanoseconds ({@link System#nanoTime()} in production; tests move it by hand). */
@FunctionalInterface
public interface NanoClock {

    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}
