package io.voiceagents.gateway.infra.messaging;

import java.util.concurrent.CompletableFuture;
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
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * Publishes live events to the gateway-internal topic, keyed by call SID (one partition per call keeps its
 * events in order), from where every replica hands them to its viewers ({@link LiveEventsConsumer}).
 *
 * <p>Never blocks and never throws: at most {@code gateway.live.max-pending} events wait for Kafka; beyond that
 * (a broker outage, a burst) new events are dropped and counted, because a live view is worth less than the
 * call's own threads and memory.
 */
@ApplicationScoped
public class KafkaLiveCallFeed implements LiveCallFeed {

    /** Above the largest accepted gateway.live.max-pending, so the emitter's own buffer never overflows. */
    static final int EMITTER_BUFFER = 10_000;
    private static final Logger LOG = Logger.getLogger(KafkaLiveCallFeed.class);

    private final Emitter<LiveEventRecord> emitter;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter dropped;
    private final Counter failed;

    @Inject
    public KafkaLiveCallFeed(@Channel("live-events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = EMITTER_BUFFER) Emitter<LiveEventRecord> emitter, GatewayConfig config, MeterRegistry registry) {
        this(emitter, config.live().maxPending(), registry);
    }

    KafkaLiveCallFeed(Emitter<LiveEventRecord> emitter, int maxPending, MeterRegistry registry) {
        this.emitter = emitter;
        this.maxPending = maxPending;
        this.dropped = Counter.builder("gateway.live.events.dropped")
                .description("Live call events dropped because too many were waiting for Kafka")
                .register(registry);
        this.failed = Counter.builder("gateway.live.events.failed")
                .description("Live call events Kafka did not accept (broker unreachable, timed out)")
                .register(registry);
        Gauge.builder("gateway.live.events.pending", pending, AtomicInteger::get)
                .description("Live call events handed to Kafka and not yet acknowledged")
                .register(registry);
    }

    @Override
    public void publish(LiveCallEvent event) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            dropped.increment();
            LOG.debugf("live event %s of call %s dropped: %d already pending", event.type(), event.callSid(), maxPending);
            return;
        }
        try {
            emitter.send(Message.of(LiveEventRecord.of(event),
                    Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.callSid()).build()),
                    () -> {
                        pending.decrementAndGet();
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        pending.decrementAndGet();
                        failed.increment();
                        LOG.debugf("live event of call %s not published: %s", event.callSid(), failure.getMessage());
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) {
            // the channel is down or shutting down: the event is lost, the call goes on
            pending.decrementAndGet();
            failed.increment();
            LOG.debugf("live event of call %s not published: %s", event.callSid(), e.getMessage());
        }
    }

    /** Events waiting for Kafka now. */
    int pending() {
        return pending.get();
    }
}
