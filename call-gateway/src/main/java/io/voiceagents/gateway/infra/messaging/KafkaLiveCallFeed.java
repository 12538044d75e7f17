package io.voiceagents.gateway.infra.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.application.port.LiveWatchAnnouncer;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * Publishes live events to the gateway-internal topic, keyed by call SID (one partition per call keeps its
 * events in order), from where every replica hands them to its viewers ({@link LiveEventsConsumer}).
 *
 * <p>Streaming events (interim caller text, reply deltas: most of the traffic) are published only for calls some
 * replica watches ({@link LiveWatches}), and interim text at most once per {@code gateway.live.interim-interval};
 * that check comes first, before anything is built for Kafka. The rest — status, final transcripts, keys, the
 * end — is always published, so a viewer that reads the snapshot after registering misses none of it. This replica
 * announces its own viewers on the same topic as WATCH records, keyed by the call like its events.
 *
 * <p>Never blocks and never throws: at most {@code gateway.live.max-pending} records wait for Kafka; beyond that
 * (a broker outage, a burst) new ones are dropped and counted, because a live view is worth less than the
 * call's own threads and memory.
 */
@ApplicationScoped
public class KafkaLiveCallFeed implements LiveCallFeed, LiveWatchAnnouncer {

    /** Above the largest accepted gateway.live.max-pending, so the emitter's own buffer never overflows. */
    static final int EMITTER_BUFFER = 10_000;
    private static final Logger LOG = Logger.getLogger(KafkaLiveCallFeed.class);

    private final Emitter<LiveEventRecord> emitter;
    private final LiveWatches watches;
    private final int maxPending;
    private final Duration lease;
    private final Clock clock;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter dropped;
    private final Counter failed;
    private final Counter unwatched;
    private final Counter throttled;

    @Inject
    public KafkaLiveCallFeed(@Channel("live-events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = EMITTER_BUFFER) Emitter<LiveEventRecord> emitter, LiveWatches watches, GatewayConfig config,
            MeterRegistry registry) {
        this(emitter, watches, config.live().maxPending(), config.live().watchLease(), Clock.systemUTC(), registry);
    }

    KafkaLiveCallFeed(Emitter<LiveEventRecord> emitter, LiveWatches watches, int maxPending, Duration lease, Clock clock,
            MeterRegistry registry) {
        this.emitter = emitter;
        this.watches = watches;
        this.maxPending = maxPending;
        this.lease = lease;
        this.clock = clock;
        this.dropped = Counter.builder("gateway.live.events.dropped")
                .description("Live call events dropped because too many were waiting for Kafka")
                .register(registry);
        this.failed = Counter.builder("gateway.live.events.failed")
                .description("Live call events Kafka did not accept (broker unreachable, timed out)")
                .register(registry);
        this.unwatched = Counter.builder("gateway.live.events.skipped").tag("reason", "unwatched")
                .description("Streaming live call events not published: nobody watched the call, or too soon after the last")
                .register(registry);
        this.throttled = Counter.builder("gateway.live.events.skipped").tag("reason", "throttled")
                .description("Streaming live call events not published: nobody watched the call, or too soon after the last")
                .register(registry);
        Gauge.builder("gateway.live.events.pending", pending, AtomicInteger::get)
                .description("Live call events handed to Kafka and not yet acknowledged")
                .register(registry);
        Gauge.builder("gateway.live.watched.calls", watches, LiveWatches::watchedCalls)
                .description("Calls some gateway replica announced viewers of (leases not yet purged)")
                .register(registry);
    }

    @Override
    public void publish(LiveCallEvent event) {
        switch (watches.verdict(event.type(), event.callSid())) {
            case UNWATCHED -> unwatched.increment();
            case THROTTLED -> throttled.increment();
            case PUBLISH -> send(LiveEventRecord.of(event), null);
        }
    }

    @Override
    public CompletionStage<Void> announce(String callSid) {
        // waiting first: the record may come back before send returns
        CompletableFuture<Void> back = watches.awaitOwnWatch(callSid);
        send(LiveEventRecord.watch(callSid, clock.instant(), watches.replicaId(), lease), () -> back.complete(null));
        return back;
    }

    @Override
    public void withdraw(String callSid) {
        send(LiveEventRecord.unwatch(callSid, clock.instant(), watches.replicaId()), null);
    }

    /** Hands a record to Kafka unless too many wait already; {@code lost} (if any) runs when it will not get there. */
    private void send(LiveEventRecord record, Runnable lost) {
        String callSid = record.callSid();
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            dropped.increment();
            LOG.debugf("live record %s of call %s dropped: %d already pending", record.type(), callSid, maxPending);
            runIfAny(lost);
            return;
        }
        try {
            emitter.send(Message.of(record,
                    Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(callSid).build()),
                    () -> {
                        pending.decrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        pending.decrementAndGet();
                        failed.increment();
                        LOG.debugf("live record of call %s not published: %s", callSid, failure.getMessage());
                        runIfAny(lost);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) {
            // the channel is down or shutting down: the record is lost, the call goes on
            pending.decrementAndGet();
            failed.increment();
            LOG.debugf("live record of call %s not published: %s", callSid, e.getMessage());
            runIfAny(lost);
        }
    }

    private static void runIfAny(Runnable action) {
        if (action != null) {
            action.run();
        }
    }

    /** Records waiting for Kafka now. */
    int pending() {
        return pending.get();
    }
}
