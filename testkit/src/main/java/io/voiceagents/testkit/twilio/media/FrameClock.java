package io.voiceagents.testkit.twilio.media;

import io.voiceagents.audio.MuLaw;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A caller's 20 ms clock: ticks at a fixed rate on its socket's loop, the n-th frame due n × 20 ms after the stream's
 * start, and how late each tick ran against that grid (the inbound pacing). Not thread-safe: the caller's lock
 * guards it.
 */
final class FrameClock {

    private static final long FRAME_NANOS = MuLaw.FRAME_MILLIS * 1_000_000L;

    private final LatenessHistogram.Recorder pacing = new LatenessHistogram.Recorder();
    // replaced with the stream's real origin by start(); set here so a stream that dies first still reports
    private long origin = System.nanoTime();
    private long frames;
    private ScheduledFuture<?> ticks;

    /** The stream's start (nanoTime): its clock, and its playout's. */
    long origin() {
        return origin;
    }

    /**
     * The stream starts now: runs {@code tick} every 20 ms on {@code loop}, from now. Called after the stream's first
     * sends (slow on a cold JVM), so that they do not make the first frames late.
     */
    void start(ScheduledExecutorService loop, Runnable tick) {
        origin = System.nanoTime();
        ticks = loop.scheduleAtFixedRate(tick, 0, FRAME_NANOS, TimeUnit.NANOSECONDS);
    }

    /** A tick ran at {@code now}: records how late it was for the next frame. */
    void ticked(long now) {
        pacing.record(now - (origin + frames * FRAME_NANOS));
    }

    /** Frames sent so far; the next one's number from 0. */
    long frames() {
        return frames;
    }

    void frameSent() {
        frames++;
    }

    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    LatenessHistogram pacing() {
        return pacing.snapshot();
    }
}
