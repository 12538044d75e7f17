package io.voiceagents.gateway.infra.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;
import io.voiceagents.gateway.application.live.LiveCallViewers;
import io.voiceagents.gateway.application.port.LiveWatchAnnouncer;
import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * What a replica does with each record of the live topic: events go to its viewers of the call, WATCH and UNWATCH
 * records only change which calls are watched, and records it does not know are skipped — in both directions of a
 * rollout.
 */
class LiveEventsConsumerTest {

    private static final Instant AT = Instant.parse("2026-02-10T10:00:00Z");
    /** Like Quarkus's ObjectMapper: java.time as ISO strings, unknown properties ignored. */
    private static final ObjectMapper QUARKUS_JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** A stricter mapper: unknown properties fail, unless the record says otherwise. */
    private static final ObjectMapper STRICT_JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final MutableClock clock = new MutableClock(AT);
    private final LiveWatches watches = new LiveWatches(clock, Duration.ofMillis(200));
    private final LiveCallViewers viewers = new LiveCallViewers(new NoAnnouncer());
    private final LiveEventsConsumer consumer = new LiveEventsConsumer(viewers, watches);
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @Test
    void aWatchRecordMarksTheCallWatchedAndReachesNoViewer() {
        viewers.watch("CA1", e -> seen.add(e.type() + " " + e.text()));

        consumer.receive(LiveEventRecord.watch("CA1", AT, "replica-a", Duration.ofSeconds(60)));
        consumer.receive(LiveEventRecord.of(new LiveCallEvent("CA1", AT, LiveCallEvent.Type.AGENT_TEXT, "Hi", 1)));

        assertThat(seen).containsExactly("AGENT_TEXT Hi");
        assertThat(watches.verdict(LiveCallEvent.Type.AGENT_TEXT, "CA1")).isEqualTo(LiveWatches.Verdict.PUBLISH);

        consumer.receive(LiveEventRecord.unwatch("CA1", AT, "replica-a"));
        assertThat(seen).hasSize(1);
        assertThat(watches.verdict(LiveCallEvent.Type.AGENT_TEXT, "CA1")).isEqualTo(LiveWatches.Verdict.UNWATCHED);
    }

    @Test
    void aWatchWithoutWatcherOrLeaseIsSkipped() {
        consumer.receive(new LiveEventRecord(1, "CA1", AT, LiveEventRecord.WATCH, null, -1, null, 60_000L));
        consumer.receive(new LiveEventRecord(1, "CA1", AT, LiveEventRecord.WATCH, null, -1, "replica-a", null));
        consumer.receive(new LiveEventRecord(1, "CA1", AT, LiveEventRecord.WATCH, null, -1, "replica-a", -5L));
        consumer.receive(new LiveEventRecord(1, "CA1", AT, LiveEventRecord.UNWATCH, null, -1, null, null));

        assertThat(watches.watchedCalls()).isZero();
    }

    @Test
    void recordsOfUnknownTypesAndInvalidOnesAreIgnored() {
        viewers.watch("CA1", e -> seen.add(e.type().name()));

        consumer.receive(null);
        consumer.receive(new LiveEventRecord(2, null, AT, "STATUS", "ringing", -1, null, null));
        consumer.receive(new LiveEventRecord(2, "CA1", AT, "SOMETHING_NEW", "?", 1, null, null));
        consumer.receive(new LiveEventRecord(1, "CA1", AT, null, null, -1, null, null));
        consumer.receive(new LiveEventRecord(1, "CA1", AT, "STATUS", "ringing", -1, null, null));

        assertThat(seen).containsExactly("STATUS");
        assertThat(watches.watchedCalls()).isZero();
    }

    @Test
    void eventsKeepTheirJsonAndControlRecordsAddOnlyTheirOwnFields() throws Exception {
        String event = QUARKUS_JSON.writeValueAsString(
                LiveEventRecord.of(new LiveCallEvent("CA1", AT, LiveCallEvent.Type.STATUS, "ringing", -1)));
        assertThat(QUARKUS_JSON.readValue(event, LinkedHashMap.class).keySet())
                .containsExactly("schemaVersion", "callSid", "at", "type", "text", "turnIndex");

        String watch = QUARKUS_JSON.writeValueAsString(LiveEventRecord.watch("CA1", AT, "replica-a", Duration.ofSeconds(60)));
        assertThat(QUARKUS_JSON.readValue(watch, LiveEventRecord.class))
                .isEqualTo(new LiveEventRecord(1, "CA1", AT, "WATCH", null, -1, "replica-a", 60_000L));
    }

    @Test
    void aReplicaOfThePreviousVersionReadsAWatchAsARecordOfAnUnknownType() throws Exception {
        byte[] watch = QUARKUS_JSON.writeValueAsBytes(LiveEventRecord.watch("CA1", AT, "replica-a", Duration.ofSeconds(60)));

        PreviousLiveEventRecord old = new ObjectMapperDeserializer<>(PreviousLiveEventRecord.class, QUARKUS_JSON)
                .deserialize("voiceagents.gateway.live.v1", watch);

        assertThat(old).isEqualTo(new PreviousLiveEventRecord(1, "CA1", AT, "WATCH", null, -1));
        assertThat(old.asDomain()).as("skipped as before: no viewer gets it").isNull();
    }

    @Test
    void aRecordWithFieldsOfANewerVersionIsStillRead() throws Exception {
        byte[] newer = ("{\"schemaVersion\":2,\"callSid\":\"CA1\",\"at\":\"2026-02-10T10:00:00Z\",\"type\":\"STATUS\","
                + "\"text\":\"ringing\",\"turnIndex\":-1,\"somethingNew\":{\"a\":1}}").getBytes();

        LiveEventRecord read = new ObjectMapperDeserializer<>(LiveEventRecord.class, STRICT_JSON)
                .deserialize("voiceagents.gateway.live.v1", newer);
        consumer.receive(read);

        assertThat(read.asDomain()).isEqualTo(new LiveCallEvent("CA1", AT, LiveCallEvent.Type.STATUS, "ringing", -1));
    }

    /** {@link LiveEventRecord} as the previous version declared it, with its type handling. */
    record PreviousLiveEventRecord(int schemaVersion, String callSid, Instant at, String type, String text, int turnIndex) {
        LiveCallEvent asDomain() {
            try {
                return new LiveCallEvent(callSid, at, LiveCallEvent.Type.valueOf(type), text, turnIndex);
            } catch (IllegalArgumentException | NullPointerException e) {
                return null;
            }
        }
    }

    private static final class NoAnnouncer implements LiveWatchAnnouncer {
        @Override
        public CompletionStage<Void> announce(String callSid) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void withdraw(String callSid) {
        }
    }
}
