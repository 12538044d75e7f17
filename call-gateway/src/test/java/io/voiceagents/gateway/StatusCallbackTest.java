package io.voiceagents.gateway;

import static io.voiceagents.gateway.support.TestApi.given;
import static io.voiceagents.gateway.support.FakeBackendsResource.AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.contracts.events.Topics;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.testkit.infra.TopicReader;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.testkit.twilio.CallScript;
import io.voiceagents.testkit.twilio.SimulatedCall;
import io.voiceagents.testkit.twilio.StatusCallbackDelivery;
import io.voiceagents.testkit.twilio.StatusCallbackPlan;

/** Status callbacks delivered late, twice and out of order: the status never moves back and ENDED happens once. */
@QuarkusTest
class StatusCallbackTest {

    @BeforeEach
    void reset() {
        AGENT.reset();
    }

    @Test
    void completedThenLateRingingAndDuplicatesEndTheCallExactlyOnce() {
        try (TopicReader events = new TopicReader(Topics.CALLS)) {
            SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call().says("hi").build());
            String sid = call.callSid();
            assertThat(call.ok()).as(call.toString()).isTrue();

            Map<String, String> completed = status(sid, "completed", 3);
            completed.put("CallDuration", "37");
            Map<String, String> token = Map.of("I-Twilio-Idempotency-Token", "status-" + sid + "-3");
            Webhooks.post("/twilio/voice/status", completed, token).then().statusCode(204);
            Webhooks.post("/twilio/voice/status", status(sid, "ringing", 1),
                    Map.of("I-Twilio-Idempotency-Token", "status-" + sid + "-1")).then().statusCode(204);
            Webhooks.post("/twilio/voice/status", completed, token).then().statusCode(204);
            Webhooks.post("/twilio/voice/status", status(sid, "in-progress", 2)).then().statusCode(204);
            // a different final status after completed (and no token) is ignored as well
            Webhooks.post("/twilio/voice/status", status(sid, "failed", 4)).then().statusCode(204);

            JsonPath stored = given().get("/api/calls/" + sid).then().statusCode(200).extract().jsonPath();
            assertThat(stored.getString("status")).isEqualTo("completed");
            assertThat(stored.getLong("durationSeconds")).isEqualTo(37);
            assertThat(stored.getLong("lastSequenceNumber")).isEqualTo(3);
            assertThat(stored.getString("endedAt")).isNotNull();

            List<ConsumerRecord<String, String>> records = events.forKey(sid, Duration.ofSeconds(20),
                    r -> r.stream().anyMatch(e -> TopicReader.parse(e, CallEvent.class).type() == CallEvent.Type.ENDED));
            records = events.settle(sid, Duration.ofSeconds(2));
            List<CallEvent> parsed = records.stream().map(r -> TopicReader.parse(r, CallEvent.class)).toList();
            assertThat(parsed).extracting(CallEvent::type)
                    .containsExactly(CallEvent.Type.STARTED, CallEvent.Type.STATUS_CHANGED, CallEvent.Type.ENDED);
            CallEvent ended = parsed.get(2);
            assertThat(ended.status()).isEqualTo("completed");
            assertThat(ended.previousStatus()).isEqualTo("ringing");
            assertThat(ended.durationSeconds()).isEqualTo(37L);
            assertThat(ended.agentId()).isEqualTo(FakeAgentService.AGENT_ID);

            await().atMost(Duration.ofSeconds(10)).until(() -> !AGENT.ends.isEmpty());
            assertThat(AGENT.ends).singleElement().satisfies(end -> {
                assertThat(end.getCallSid()).isEqualTo(sid);
                assertThat(end.getFinalStatus()).isEqualTo("completed");
            });
        }
    }

    @Test
    void shuffledAndRetriedCallbacksFromTheEmulatorEndAsCompletedOnce() {
        try (TopicReader events = new TopicReader(Topics.CALLS)) {
            String sid = CallScript.newCallSid();
            Webhooks.post("/twilio/voice", Webhooks.voiceParams(sid, FakeAgentService.AGENT_NUMBER)).then().statusCode(200);

            List<StatusCallbackDelivery> sent = Webhooks.twilio().sendStatusCallbacks(Webhooks.url("/twilio/voice/status"),
                    sid, StatusCallbackPlan.of("ringing", "answered", "completed").withDuplicates(4).shuffled(11)
                            .withCallDuration(12));

            assertThat(sent).hasSize(7).allSatisfy(d -> assertThat(d.response().status()).isEqualTo(204));
            assertThat(given().get("/api/calls/" + sid).jsonPath().getString("status")).isEqualTo("completed");
            events.forKey(sid, Duration.ofSeconds(20), r -> r.stream()
                    .anyMatch(e -> TopicReader.parse(e, CallEvent.class).type() == CallEvent.Type.ENDED));
            List<CallEvent.Type> types = events.settle(sid, Duration.ofSeconds(2)).stream()
                    .map(r -> TopicReader.parse(r, CallEvent.class).type()).toList();
            assertThat(types).filteredOn(t -> t == CallEvent.Type.ENDED).hasSize(1);
            assertThat(types).filteredOn(t -> t == CallEvent.Type.STARTED).hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> AGENT.ends.size() == 1);
        }
    }

    @Test
    void aCallbackForAnUnknownCallCreatesIt() {
        try (TopicReader events = new TopicReader(Topics.CALLS)) {
            String sid = CallScript.newCallSid();
            Map<String, String> params = status(sid, "no-answer", 2);
            params.put("Direction", "outbound-api");

            Webhooks.post("/twilio/voice/status", params).then().statusCode(204);

            JsonPath stored = given().get("/api/calls/" + sid).then().statusCode(200).extract().jsonPath();
            assertThat(stored.getString("status")).isEqualTo("no-answer");
            assertThat(stored.getString("agentId")).isNull();
            assertThat(stored.getString("direction")).isEqualTo("outbound-api");
            List<CallEvent.Type> types = events.forKey(sid, Duration.ofSeconds(20), r -> r.size() >= 2).stream()
                    .map(r -> TopicReader.parse(r, CallEvent.class).type()).toList();
            assertThat(types).containsExactly(CallEvent.Type.STARTED, CallEvent.Type.ENDED);
            // no agent, so no conversation to end
            assertThat(AGENT.ends).isEmpty();
        }
    }

    @Test
    void unknownStatusValuesAreAcknowledgedAndIgnored() {
        String sid = CallScript.newCallSid();
        Webhooks.post("/twilio/voice/status", status(sid, "teleported", 1)).then().statusCode(204);
        given().get("/api/calls/" + sid).then().statusCode(404);
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
