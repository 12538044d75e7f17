package io.voiceagents.gateway.infra.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.voiceagents.gateway.domain.LiveCallEvent;

/** The live feed publisher never blocks a call: above the pending limit events are dropped and counted. */
class KafkaLiveCallFeedTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HeldEmitter emitter = new HeldEmitter();
    private final KafkaLiveCallFeed feed = new KafkaLiveCallFeed(emitter, 3, registry);

    @Test
    void eventsAreKeyedByCallSidAndCarryTheirFields() {
        feed.publish(event("CA1", "hello"));

        Message<LiveEventRecord> sent = emitter.messages.get(0);
        assertThat(sent.getPayload()).isEqualTo(new LiveEventRecord(LiveEventRecord.SCHEMA_VERSION, "CA1",
                Instant.parse("2026-02-10T10:00:00Z"), "AGENT_TEXT", "hello", 2));
        assertThat(sent.getMetadata(OutgoingKafkaRecordMetadata.class)).hasValueSatisfying(
                metadata -> assertThat(metadata.getKey()).isEqualTo("CA1"));
    }

    @Test
    void aboveTheLimitEventsAreDroppedAndCountedUntilKafkaCatchesUp() {
        for (int i = 0; i < 5; i++) {
            feed.publish(event("CA1", "e" + i));
        }
        assertThat(emitter.messages).hasSize(3);
        assertThat(registry.counter("gateway.live.events.dropped").count()).isEqualTo(2);
        assertThat(feed.pending()).isEqualTo(3);

        emitter.messages.get(0).ack();
        emitter.messages.get(1).nack(new IllegalStateException("broker down"));
        feed.publish(event("CA1", "e5"));
        feed.publish(event("CA1", "e6"));
        feed.publish(event("CA1", "e7"));

        assertThat(emitter.messages).extracting(m -> m.getPayload().text()).containsExactly("e0", "e1", "e2", "e5", "e6");
        assertThat(registry.counter("gateway.live.events.dropped").count()).isEqualTo(3);
        assertThat(registry.counter("gateway.live.events.failed").count()).isEqualTo(1);
    }

    @Test
    void aChannelThatRefusesIsCountedNotThrown() {
        emitter.refuse = true;

        feed.publish(event("CA1", "lost"));

        assertThat(feed.pending()).isZero();
        assertThat(registry.counter("gateway.live.events.failed").count()).isEqualTo(1);
    }

    @Test
    void recordsOfUnknownTypesAreSkippedByOlderReplicas() {
        assertThat(new LiveEventRecord(2, "CA1", Instant.now(), "SOMETHING_NEW", null, -1).asDomain()).isNull();
        assertThat(new LiveEventRecord(1, "CA1", Instant.now(), "STATUS", "ringing", -1).asDomain().type())
                .isEqualTo(LiveCallEvent.Type.STATUS);
    }

    private static LiveCallEvent event(String callSid, String text) {
        return new LiveCallEvent(callSid, Instant.parse("2026-02-10T10:00:00Z"), LiveCallEvent.Type.AGENT_TEXT, text, 2);
    }

    /** An emitter whose messages wait for the test to ack or nack them, as Kafka would. */
    private static final class HeldEmitter implements Emitter<LiveEventRecord> {
        final List<Message<LiveEventRecord>> messages = new CopyOnWriteArrayList<>();
        volatile boolean refuse;

        @Override
        public CompletionStage<Void> send(LiveEventRecord payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <M extends Message<? extends LiveEventRecord>> void send(M message) {
            if (refuse) {
                throw new IllegalStateException("channel down");
            }
            @SuppressWarnings("unchecked")
            Message<LiveEventRecord> typed = (Message<LiveEventRecord>) message;
            messages.add(typed);
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}
