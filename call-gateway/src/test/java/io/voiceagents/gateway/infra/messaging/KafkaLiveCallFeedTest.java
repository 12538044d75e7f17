package io.voiceagents.gateway.infra.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * The live feed publisher never blocks a call: above the pending limit events are dropped and counted. Streaming
 * events go out only for watched calls; this replica's viewers are announced as WATCH records.
 */
class KafkaLiveCallFeedTest {

    private static final Duration LEASE = Duration.ofSeconds(60);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HeldEmitter emitter = new HeldEmitter();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-10T10:00:00Z"));
    private final LiveWatches watches = new LiveWatches(clock, Duration.ofMillis(200));
    private final KafkaLiveCallFeed feed = new KafkaLiveCallFeed(emitter, watches, 3, LEASE, clock, registry);

    @BeforeEach
    void someoneWatchesCa1() {
        watches.renew("CA1", "another-replica", LEASE);
    }

    @Test
    void eventsAreKeyedByCallSidAndCarryTheirFields() {
        feed.publish(event("CA1", "hello"));

        Message<LiveEventRecord> sent = emitter.messages.get(0);
        assertThat(sent.getPayload()).isEqualTo(new LiveEventRecord(LiveEventRecord.SCHEMA_VERSION, "CA1",
                Instant.parse("2026-02-10T10:00:00Z"), "AGENT_TEXT", "hello", 2, null, null));
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
        assertThat(new LiveEventRecord(2, "CA1", Instant.now(), "SOMETHING_NEW", null, -1, null, null).asDomain()).isNull();
        assertThat(LiveEventRecord.watch("CA1", Instant.now(), "replica-a", LEASE).asDomain()).isNull();
        assertThat(new LiveEventRecord(1, "CA1", Instant.now(), "STATUS", "ringing", -1, null, null).asDomain().type())
                .isEqualTo(LiveCallEvent.Type.STATUS);
    }

    @Test
    void streamingEventsOfCallsNobodyWatchesAreSkippedBeforeKafkaAndCounted() {
        feed.publish(event("CA2", "nobody sees this"));
        feed.publish(new LiveCallEvent("CA2", Instant.now(), LiveCallEvent.Type.CALLER_INTERIM, "nor this", 2));
        feed.publish(new LiveCallEvent("CA2", Instant.now(), LiveCallEvent.Type.CALLER_FINAL, "but this", 2));
        feed.publish(event("CA1", "watched"));

        assertThat(emitter.messages).extracting(m -> m.getPayload().text()).containsExactly("but this", "watched");
        assertThat(registry.counter("gateway.live.events.skipped", "reason", "unwatched").count()).isEqualTo(2);
        assertThat(feed.pending()).isEqualTo(2);
    }

    @Test
    void aWatchedCallsStreamingEventsStopWhenItsLeaseRunsOut() {
        clock.advance(LEASE);

        feed.publish(event("CA1", "too late"));
        feed.publish(new LiveCallEvent("CA1", Instant.now(), LiveCallEvent.Type.AGENT_DONE, "done", 2));

        assertThat(emitter.messages).extracting(m -> m.getPayload().type()).containsExactly("AGENT_DONE");
    }

    @Test
    void interimTextOfAWatchedCallIsThrottled() {
        for (int i = 0; i < 4; i++) {
            feed.publish(new LiveCallEvent("CA1", Instant.now(), LiveCallEvent.Type.CALLER_INTERIM, "what time" + i, 1));
            clock.advance(Duration.ofMillis(100));
        }

        assertThat(emitter.messages).extracting(m -> m.getPayload().text()).containsExactly("what time0", "what time2");
        assertThat(registry.counter("gateway.live.events.skipped", "reason", "throttled").count()).isEqualTo(2);
    }

    @Test
    void anAnnouncementIsAWatchRecordKeyedByTheCallThatCompletesWhenItComesBack() {
        CompletableFuture<Void> announced = feed.announce("CA7").toCompletableFuture();

        Message<LiveEventRecord> sent = emitter.messages.get(0);
        assertThat(sent.getPayload()).isEqualTo(new LiveEventRecord(LiveEventRecord.SCHEMA_VERSION, "CA7",
                Instant.parse("2026-02-10T10:00:00Z"), LiveEventRecord.WATCH, null, -1, watches.replicaId(), 60_000L));
        assertThat(sent.getMetadata(OutgoingKafkaRecordMetadata.class)).hasValueSatisfying(
                metadata -> assertThat(metadata.getKey()).isEqualTo("CA7"));
        assertThat(announced).isNotDone();
        assertThat(watches.verdict(LiveCallEvent.Type.AGENT_TEXT, "CA7")).as("only once read back")
                .isEqualTo(LiveWatches.Verdict.UNWATCHED);

        new LiveEventsConsumer(null, watches).receive(sent.getPayload());

        assertThat(announced).isCompletedWithValue(null);
        assertThat(watches.verdict(LiveCallEvent.Type.AGENT_TEXT, "CA7")).isEqualTo(LiveWatches.Verdict.PUBLISH);
    }

    @Test
    void anAnnouncementThatCannotBeSentDoesNotKeepTheViewerWaiting() {
        emitter.refuse = true;
        assertThat(feed.announce("CA7").toCompletableFuture()).isCompletedWithValue(null);

        emitter.refuse = false;
        CompletableFuture<Void> nacked = feed.announce("CA8").toCompletableFuture();
        emitter.messages.get(0).nack(new IllegalStateException("broker down"));
        assertThat(nacked).isCompletedWithValue(null);

        for (int i = 0; i < 3; i++) {
            feed.publish(new LiveCallEvent("CA1", Instant.now(), LiveCallEvent.Type.STATUS, "in-progress", -1));
        }
        assertThat(feed.announce("CA9").toCompletableFuture()).as("dropped above the pending limit")
                .isCompletedWithValue(null);
        assertThat(watches.waiting()).isZero();
    }

    @Test
    void aWithdrawalIsAnUnwatchRecordOfThisReplica() {
        feed.withdraw("CA1");

        assertThat(emitter.messages).singleElement().extracting(Message::getPayload).isEqualTo(new LiveEventRecord(
                LiveEventRecord.SCHEMA_VERSION, "CA1", Instant.parse("2026-02-10T10:00:00Z"), LiveEventRecord.UNWATCH, null,
                -1, watches.replicaId(), null));
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
