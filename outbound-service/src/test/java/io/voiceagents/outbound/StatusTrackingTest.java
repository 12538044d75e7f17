package io.voiceagents.outbound;

import static io.voiceagents.outbound.support.OutboundTestResource.TWILIO;
import static io.voiceagents.outbound.support.TestApi.freshNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.contracts.events.OutboundCallEvent;
import io.voiceagents.contracts.events.Topics;
import io.voiceagents.outbound.application.StatusTimeouts;
import io.voiceagents.outbound.support.EndedRecorder;
import io.voiceagents.outbound.support.FakeAgentService;
import io.voiceagents.outbound.support.Kafka;
import io.voiceagents.testkit.infra.TopicReader;
import io.voiceagents.outbound.support.OutboundTestResource;
import io.voiceagents.outbound.support.Rows;
import io.voiceagents.outbound.support.TestApi;
import io.voiceagents.testkit.infra.InfraTestResource;
import jakarta.inject.Inject;

/**
 * Status from call-gateway's CallEvents (late, repeated, out of order), the status time-out for calls that never
 * get a final status, and the outbox events that announce each change on Kafka.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OutboundTestResource.class, restrictToAnnotatedClass = false)
class StatusTrackingTest {

    private static final String AGENT_NUMBER = FakeAgentService.AGENT_NUMBERS.get(0);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;

    @Inject
    EndedRecorder ended;

    @Inject
    StatusTimeouts timeouts;

    Rows rows;

    @BeforeEach
    void setUp() {
        rows = new Rows(dataSource);
    }

    @AfterEach
    void endCallsOfTheGeneralKey() {
        rows.endAll(TestApi.tenant(TestApi.KEY));
    }

    @Test
    void statusOnlyMovesForwardWhateverOrderAndHowOftenEventsArrive() {
        String sid = sid();
        UUID id = dialing(sid);
        Kafka.publishCallEvent(sid, id, "in-progress", null, null);
        Kafka.publishCallEvent(sid, id, "ringing", null, null);
        Kafka.publishCallEvent(sid, id, "completed", 42L, "human");
        Kafka.publishCallEvent(sid, id, "completed", 42L, "human");
        Kafka.publishCallEvent(sid, id, "in-progress", null, null);
        Kafka.publishCallEvent(sid, id, "ringing", null, null);
        await().atMost(WAIT).until(() -> "completed".equals(rows.status(id)));
        // a marker event after the late ones: once it is applied, every earlier one was too
        String markerSid = sid();
        UUID marker = dialing(markerSid);
        Kafka.publishCallEvent(markerSid, marker, "ringing", null, null);
        await().atMost(WAIT).until(() -> "ringing".equals(rows.status(marker)));
        Map<String, String> row = rows.row(id);
        assertThat(row.get("status")).isEqualTo("completed");
        assertThat(row.get("status_rank")).isEqualTo("4");
        assertThat(row.get("answered_at")).isNotNull();
        assertThat(row.get("ringing_at")).as("ringing came after in-progress: ignored").isNull();
        assertThat(row.get("ended_at")).isNotNull();
        assertThat(row.get("duration_seconds")).isEqualTo("42");
        assertThat(row.get("answered_by")).isEqualTo("human");
        assertThat(ended.of(id)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("completed");
            assertThat(e.answeredBy()).isEqualTo("human");
            assertThat(e.callSid()).isEqualTo(sid);
            assertThat(e.campaignId()).isNull();
            assertThat(e.attempt()).isEqualTo(1);
        });
        try (TopicReader reader = new TopicReader(Topics.OUTBOUND_CALLS)) {
            List<ConsumerRecord<String, String>> events = reader.forKey(id.toString(), WAIT, r -> r.size() >= 2);
            events = reader.settle(id.toString(), Duration.ofMillis(1500));
            assertThat(events).extracting(r -> TopicReader.parse(r, OutboundCallEvent.class))
                    .extracting(OutboundCallEvent::type, OutboundCallEvent::status, OutboundCallEvent::previousStatus)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(OutboundCallEvent.Type.STATUS_CHANGED, "in-progress", "dialing"),
                            org.assertj.core.groups.Tuple.tuple(OutboundCallEvent.Type.ENDED, "completed", "in-progress"));
        }
    }

    @Test
    void eventsFindTheCallBySidWhenTheyCarryNoOutboundCallId() {
        String sid = sid();
        UUID id = dialing(sid);
        Kafka.publishCallEvent(sid, null, "ringing", null, null);
        await().atMost(WAIT).until(() -> "ringing".equals(rows.status(id)));
        assertThat(rows.row(id).get("ringing_at")).isNotNull();
    }

    @Test
    void eventsOfOtherCallsChangeNothing() {
        String sid = sid();
        UUID id = dialing(sid);
        long before = rows.count("select count(*) from outbound.outbound_calls");
        // another SID claiming this outbound call id (a forged or confused event), and calls we never placed
        Kafka.publishCallEvent(sid(), id, "completed", 10L, null);
        Kafka.publishCallEvent(sid(), UUID.randomUUID(), "completed", 10L, null);
        Kafka.publishCallEvent(sid(), null, "completed", 10L, null);
        Kafka.publishCallEvent(sid, id, "ringing", null, null);
        await().atMost(WAIT).until(() -> "ringing".equals(rows.status(id)));
        assertThat(rows.row(id).get("twilio_call_sid")).isEqualTo(sid);
        assertThat(rows.count("select count(*) from outbound.outbound_calls")).isEqualTo(before);
        assertThat(ended.of(id)).isEmpty();
    }

    @Test
    void aCallWithoutFinalStatusTimesOutToAFinalStateOnce() {
        // ringing at Twilio for longer than the status time-out (1 minute in tests): failed here, canceled there
        String ringingTo = freshNumber();
        Call ringing = twilioCall(ringingTo);
        TWILIO.setStatus(ringing.getSid(), "ringing");
        UUID stuck = rows.insert("open", ringingTo, AGENT_NUMBER, "status = 'ringing', status_rank = 2, "
                + "twilio_call_sid = '" + ringing.getSid() + "', updated_at = now() - interval '2 minutes'");
        // Twilio has the final status the events never brought
        Call completed = twilioCall(freshNumber());
        TWILIO.setStatus(completed.getSid(), "completed");
        UUID missed = rows.insert("open", completed.getTo(), AGENT_NUMBER, "status = 'dialing', status_rank = 1, "
                + "twilio_call_sid = '" + completed.getSid() + "', updated_at = now() - interval '2 minutes'");
        // Twilio does not know the SID
        UUID unknown = rows.insert("open", freshNumber(), AGENT_NUMBER, "status = 'dialing', status_rank = 1, "
                + "twilio_call_sid = '" + sid() + "', updated_at = now() - interval '2 minutes'");
        // in progress for longer than the maximum call duration
        Call live = twilioCall(freshNumber());
        TWILIO.setStatus(live.getSid(), "in-progress");
        UUID endless = rows.insert("open", live.getTo(), AGENT_NUMBER, "status = 'in-progress', status_rank = 3, "
                + "twilio_call_sid = '" + live.getSid() + "', answered_at = now() - interval '3 hours'");
        // recent: left alone
        UUID fresh = dialing(sid());

        timeouts.sweep();
        await().atMost(WAIT).until(() -> List.of(stuck, missed, unknown, endless).stream()
                .allMatch(id -> rows.row(id).get("status_rank").equals("4")));
        assertThat(rows.status(stuck)).isEqualTo("failed");
        assertThat(rows.row(stuck).get("failure_reason")).contains("no final status from Twilio within")
                .contains("ringing");
        assertThat(TWILIO.call(ringing.getSid()).orElseThrow().status()).isEqualTo("canceled");
        assertThat(rows.status(missed)).isEqualTo("completed");
        assertThat(rows.status(unknown)).isEqualTo("failed");
        assertThat(rows.row(unknown).get("failure_reason")).contains("does not know");
        assertThat(rows.status(endless)).isEqualTo("failed");
        assertThat(rows.row(endless).get("failure_reason")).contains("in progress");
        assertThat(rows.status(fresh)).isEqualTo("dialing");
        timeouts.sweep();
        for (UUID id : List.of(stuck, missed, unknown, endless)) {
            assertThat(ended.of(id)).as("OutboundCallEnded of %s", id).hasSize(1);
        }
    }

    @Test
    void theOutboxAnnouncesEveryChangeOnKafka() {
        String to = freshNumber();
        UUID id = UUID.fromString(TestApi.given().body(TestApi.call(to)).post("/api/calls/outbound")
                .then().statusCode(201).extract().path("id"));
        await().atMost(WAIT).until(() -> rows.row(id).get("twilio_call_sid") != null);
        String sid = rows.row(id).get("twilio_call_sid");
        Kafka.publishCallEvent(sid, id, "no-answer", 0L, null);
        try (TopicReader reader = new TopicReader(Topics.OUTBOUND_CALLS)) {
            List<OutboundCallEvent> events = reader.forKey(id.toString(), WAIT, r -> r.size() >= 3).stream()
                    .map(r -> TopicReader.parse(r, OutboundCallEvent.class)).toList();
            assertThat(events).extracting(OutboundCallEvent::type).containsExactly(OutboundCallEvent.Type.QUEUED,
                    OutboundCallEvent.Type.STATUS_CHANGED, OutboundCallEvent.Type.ENDED);
            assertThat(events.get(0).status()).isEqualTo("queued");
            assertThat(events.get(1).callSid()).isEqualTo(sid);
            assertThat(events.get(2).status()).isEqualTo("no-answer");
            assertThat(events).allSatisfy(e -> {
                assertThat(e.outboundCallId()).isEqualTo(id.toString());
                assertThat(e.agentId()).isEqualTo(FakeAgentService.AGENT);
                assertThat(e.to()).isEqualTo(to);
                assertThat(e.schemaVersion()).isEqualTo(OutboundCallEvent.SCHEMA_VERSION);
            });
        }
        await().atMost(WAIT).until(() -> rows.count("select count(*) from outbound.event_outbox where event_key = '"
                + id + "'") == 0);
    }

    private UUID dialing(String sid) {
        return rows.insert("open", freshNumber(), AGENT_NUMBER,
                "status = 'dialing', status_rank = 1, twilio_call_sid = '" + sid + "', dialed_at = now()");
    }

    private static Call twilioCall(String to) {
        return Call.creator(new PhoneNumber(to), new PhoneNumber(AGENT_NUMBER),
                URI.create("https://gateway.example.test/twilio/voice/outbound")).create(TWILIO.restClient());
    }

    private static String sid() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }
}
