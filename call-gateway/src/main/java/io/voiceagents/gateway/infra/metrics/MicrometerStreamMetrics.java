package io.voiceagents.gateway.infra.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.voiceagents.gateway.application.port.StreamMetrics;
import io.voiceagents.gateway.domain.LatencyLedger;
import io.voiceagents.gateway.domain.stream.TurnLatency;

/**
 * Prometheus meters of `stream` calls. The per-frame meters are built once: a frame is sent every 20 ms per
 * call, so recording must be a lookup-free increment.
 */
@ApplicationScoped
public class MicrometerStreamMetrics implements StreamMetrics {

    /** A frame later than this behind its schedule is counted as late (the benchmark's goal is none). */
    static final long LATE_NANOS = Duration.ofMillis(20).toNanos();

    private final MeterRegistry registry;
    private volatile LongSupplier lateTicks = () -> 0;
    private final Timer frameLateness;
    private final Counter lateFrames;
    private final Timer toClear;
    private final Timer toCancel;
    private final LedgerMeters ledger;
    private final Timer replyHops;
    private final Timer speechHops;
    private final Timer playout;

    @Inject
    public MicrometerStreamMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.frameLateness = Timer.builder("gateway.stream.frame.lateness")
                .description("How long after its schedule each outbound audio frame was sent to Twilio")
                .publishPercentileHistogram()
                .register(registry);
        this.lateFrames = Counter.builder("gateway.stream.frames.late")
                .description("Outbound audio frames sent more than 20 ms after their schedule")
                .register(registry);
        this.toClear = Timer.builder("gateway.stream.barge.in")
                .description("Barge-in: from the detector's decision to clear sent, and to the streams cancelled")
                .tag("step", "clear_sent")
                .publishPercentileHistogram()
                .register(registry);
        this.toCancel = Timer.builder("gateway.stream.barge.in")
                .description("Barge-in: from the detector's decision to clear sent, and to the streams cancelled")
                .tag("step", "streams_cancelled")
                .publishPercentileHistogram()
                .register(registry);
        this.ledger = new LedgerMeters(registry, "gateway.stream.turn.latency",
                "Where the time of a stream turn went, per stage of the latency ledger");
        this.replyHops = serverAddedPart(registry, "reply");
        this.speechHops = serverAddedPart(registry, "speech");
        this.playout = serverAddedPart(registry, "playout");
    }

    private static Timer serverAddedPart(MeterRegistry registry, String part) {
        return Timer.builder("gateway.stream.server.added")
                .description("A stream turn's server-added time in parts: reply (transcript to first token, less the"
                        + " LLM), speech (first sentence to its audio, less the TTS) and playout (audio to first frame)")
                .tag("part", part)
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void frameSent(long latenessNanos) {
        frameLateness.record(latenessNanos, TimeUnit.NANOSECONDS);
        if (latenessNanos > LATE_NANOS) {
            lateFrames.increment();
        }
    }

    @Override
    public void bargeIn(long toClearNanos, long toCancelNanos) {
        toClear.record(toClearNanos, TimeUnit.NANOSECONDS);
        toCancel.record(toCancelNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void turnLedger(LatencyLedger turn) {
        ledger.record(turn);
    }

    @Override
    public void serverAddedParts(TurnLatency.ServerAddedParts parts) {
        replyHops.record(parts.replyMs(), TimeUnit.MILLISECONDS);
        speechHops.record(parts.speechMs(), TimeUnit.MILLISECONDS);
        playout.record(parts.playoutMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void watchActiveSessions(IntSupplier count) {
        Gauge.builder("gateway.stream.sessions.active", count::getAsInt)
                .description("Media Streams sessions live on this replica")
                .register(registry);
    }

    @Override
    public void watchLateTicks(LongSupplier count) {
        lateTicks = count;
        // a function counter holds its object weakly: this bean, not the (otherwise unreferenced) supplier
        FunctionCounter.builder("gateway.stream.pacer.late.ticks", this, metrics -> metrics.lateTicks.getAsLong())
                .description("Audio pacing ticks finished more than 20 ms after their time: the pacing thread did"
                        + " not get the CPU or the JVM paused")
                .register(registry);
    }

    @Override
    public void sessionEnded(String reason) {
        Counter.builder("gateway.stream.sessions.ended")
                .description("Media Streams sessions that ended, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
