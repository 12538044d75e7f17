package io.voiceagents.gateway;

import static io.voiceagents.gateway.support.FakeBackendsResource.AGENT;
import static io.voiceagents.gateway.support.FakeBackendsResource.TTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.gateway.application.port.LiveCallFeed;
import io.voiceagents.gateway.domain.LiveCallEvent;
import io.voiceagents.gateway.infra.messaging.LiveEventRecord;
import io.voiceagents.gateway.infra.messaging.LiveEventsRebalanceListener;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.FakeBackendsResource;
import io.voiceagents.gateway.support.TestApi;
import io.voiceagents.gateway.support.TestSocket;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.testkit.infra.InfraTestResource;
import io.voiceagents.testkit.infra.TopicReader;

/**
 * /api/calls/{sid}/live against the running gateway: the API key guards the upgrade, the snapshot comes first, and
 * events go through the real Kafka topic and back to every viewer; streaming events only while someone watches.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeBackendsResource.class, restrictToAnnotatedClass = false)
class LiveCallEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> API_KEY = Map.of("Authorization", "Bearer " + TestApi.API_KEY);

    @Inject
    @Identifier("live-events-rebalance")
    LiveEventsRebalanceListener liveConsumer;

    @Inject
    LiveCallFeed feed;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void reset() {
        AGENT.reset();
        TTS.reset();
        // events are read from the latest offset: wait until this replica reads the topic
        await().atMost(Duration.ofSeconds(60)).until(liveConsumer::assigned);
    }

    @Test
    void theUpgradeNeedsTheApiKeyAsHeaderOrAccessToken() {
        String callSid = answeredCall();
        URI live = TestSocket.uri("/api/calls/" + callSid + "/live");

        assertThat(TestSocket.refusedStatus(live, Map.of())).isEqualTo(401);
        assertThat(TestSocket.refusedStatus(live, Map.of("Authorization", "Bearer wrong-key-0123456789"))).isEqualTo(401);
        assertThat(TestSocket.refusedStatus(TestSocket.uri("/api/calls/" + callSid + "/live?access_token=wrong"), Map.of()))
                .isEqualTo(401);
        try (TestSocket viaQuery = TestSocket.open(
                TestSocket.uri("/api/calls/" + callSid + "/live?access_token=" + TestApi.API_KEY), Map.of())) {
            assertThat(type(viaQuery.next())).isEqualTo("SNAPSHOT");
        }
    }

    @Test
    void aGatherCallShowsItsSnapshotThenStatusAndTurnsInOrder() throws Exception {
        String callSid = answeredCall();
        try (TestSocket viewer = TestSocket.open(TestSocket.uri("/api/calls/" + callSid + "/live"), API_KEY)) {
            JsonNode snapshot = JSON.readTree(viewer.next());
            assertThat(snapshot.path("type").asText()).isEqualTo("SNAPSHOT");
            assertThat(snapshot.path("call").path("callSid").asText()).isEqualTo(callSid);
            assertThat(snapshot.path("call").path("status").asText()).isEqualTo("ringing");
            assertThat(snapshot.path("call").path("transcript").get(0).path("agentText").asText())
                    .isEqualTo(FakeAgentService.GREETING);

            Webhooks.post("/twilio/voice/status", status(callSid, "in-progress", 2)).then().statusCode(204);
            Webhooks.post("/twilio/voice/gather", Map.of("CallSid", callSid, "SpeechResult", "Do you deliver?",
                    "Confidence", "0.9")).then().statusCode(200);
            Webhooks.post("/twilio/voice/status", status(callSid, "completed", 3)).then().statusCode(204);

            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonNode event = JSON.readTree(viewer.next());
                assertThat(Instant.parse(event.path("at").asText())).isNotNull();
                seen.add(event.path("type").asText() + "|" + event.path("turnIndex").asInt() + "|" + event.path("text").asText());
            }
            assertThat(seen).containsExactly("STATUS|-1|in-progress", "CALLER_FINAL|1|Do you deliver?",
                    "AGENT_DONE|1|You said: Do you deliver?", "STATUS|-1|completed", "ENDED|-1|completed");
        }
    }

    @Test
    void anEventPublishedThroughTheFeedReachesEveryViewerOfTheCall() throws Exception {
        String callSid = answeredCall();
        try (TestSocket first = TestSocket.open(TestSocket.uri("/api/calls/" + callSid + "/live"), API_KEY);
                TestSocket second = TestSocket.open(TestSocket.uri("/api/calls/" + callSid + "/live"), API_KEY)) {
            assertThat(type(first.next())).isEqualTo("SNAPSHOT");
            assertThat(type(second.next())).isEqualTo("SNAPSHOT");

            feed.publish(new LiveCallEvent(callSid, Instant.parse("2026-02-10T10:00:00Z"), LiveCallEvent.Type.AGENT_TEXT,
                    "Let me check.", 3));

            for (TestSocket viewer : List.of(first, second)) {
                JsonNode event = JSON.readTree(viewer.next());
                assertThat(event.path("type").asText()).isEqualTo("AGENT_TEXT");
                assertThat(event.path("text").asText()).isEqualTo("Let me check.");
                assertThat(event.path("turnIndex").asInt()).isEqualTo(3);
                assertThat(Instant.parse(event.path("at").asText())).isEqualTo(Instant.parse("2026-02-10T10:00:00Z"));
            }
        }
    }

    @Test
    void streamingEventsArePublishedOnlyWhileSomeoneWatchesTheCall() throws Exception {
        String callSid = answeredCall();
        double skipped = unwatchedSkipped();
        feed.publish(new LiveCallEvent(callSid, Instant.now(), LiveCallEvent.Type.AGENT_TEXT, "nobody sees this", 1));
        assertThat(unwatchedSkipped()).isEqualTo(skipped + 1);

        try (TestSocket viewer = TestSocket.open(TestSocket.uri("/api/calls/" + callSid + "/live"), API_KEY)) {
            assertThat(type(viewer.next())).isEqualTo("SNAPSHOT");
            // the snapshot came once the viewer's WATCH was back: streaming events are published from now on
            feed.publish(new LiveCallEvent(callSid, Instant.now(), LiveCallEvent.Type.CALLER_INTERIM, "What time", 2));
            feed.publish(new LiveCallEvent(callSid, Instant.now(), LiveCallEvent.Type.AGENT_TEXT, "We open", 2));

            assertThat(JSON.readTree(viewer.next()).path("text").asText()).isEqualTo("What time");
            assertThat(JSON.readTree(viewer.next()).path("text").asText()).isEqualTo("We open");
        }

        // the last viewer left: once its UNWATCH is read here, deltas are skipped again
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            double before = unwatchedSkipped();
            feed.publish(new LiveCallEvent(callSid, Instant.now(), LiveCallEvent.Type.AGENT_TEXT, "later", 3));
            return unwatchedSkipped() > before;
        });
        try (TopicReader topic = new TopicReader("voiceagents.gateway.live.v1")) {
            List<LiveEventRecord> records = topic.forKey(callSid, Duration.ofSeconds(30),
                    rs -> rs.stream().anyMatch(r -> r.value().contains("\"UNWATCH\"")))
                    .stream().map(r -> TopicReader.parse(r, LiveEventRecord.class)).toList();
            assertThat(records).extracting(LiveEventRecord::type)
                    .containsSubsequence("WATCH", "CALLER_INTERIM", "AGENT_TEXT", "UNWATCH");
            assertThat(records).extracting(LiveEventRecord::text).doesNotContain("nobody sees this");
        }
    }

    @Test
    void anUnknownCallIsClosedWithAReason() {
        try (TestSocket viewer = TestSocket.open(TestSocket.uri("/api/calls/CA-no-such-call/live"), API_KEY)) {
            assertThat(viewer.awaitClose()).isEqualTo(new TestSocket.Close(4404, "unknown call"));
            assertThat(viewer.poll()).isNull();
        }
    }

    private double unwatchedSkipped() {
        return registry.counter("gateway.live.events.skipped", "reason", "unwatched").count();
    }

    private static String answeredCall() {
        String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
        Webhooks.post("/twilio/voice", Webhooks.voiceParams(callSid, FakeAgentService.AGENT_NUMBER)).then().statusCode(200);
        return callSid;
    }

    private static String type(String frame) {
        try {
            return JSON.readTree(frame).path("type").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> status(String sid, String status, int sequence) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", Webhooks.ACCOUNT_SID);
        p.put("CallSid", sid);
        p.put("CallStatus", status);
        p.put("Direction", "inbound");
        p.put("From", "+15005550006");
        p.put("To", FakeAgentService.AGENT_NUMBER);
        p.put("SequenceNumber", Integer.toString(sequence));
        p.put("Timestamp", "Tue, 10 Feb 2026 10:00:0" + sequence + " +0000");
        return p;
    }
}
