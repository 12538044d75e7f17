package io.voiceagents.gateway;

import static io.voiceagents.gateway.support.FakeBackendsResource.AGENT;
import static io.voiceagents.gateway.support.FakeBackendsResource.OUTBOUND;
import static io.voiceagents.gateway.support.FakeBackendsResource.TTS;
import static io.voiceagents.gateway.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

/**
 * Status callbacks of outbound calls: their URL carries {@code ?oc=&agent=} (signed), they usually arrive
 * before any voice webhook, and for busy / no-answer calls no voice webhook ever comes.
 */
@QuarkusTest
class OutboundStatusCallbackTest {

    private static final String AGENT_ID = FakeAgentService.OUTBOUND_AGENT_ID;

    @BeforeEach
    void reset() {
        AGENT.reset();
        TTS.reset();
        OUTBOUND.reset();
    }

    @Test
    void callbacksCreateTheCallWithItsAgentAndEveryEventNamesTheOutboundCall() {
        String oc = UUID.randomUUID().toString();
        CallScript script = script(oc).param("AnsweredBy", "human").says("What time is it?").build();
        Map<String, String> base = Webhooks.twilio().voiceParams(script, "initiated");
        try (TopicReader events = new TopicReader(Topics.CALLS)) {
            assertAllAccepted(Webhooks.twilio().sendStatusCallbacks(statusUrl(oc, AGENT_ID), base,
                    StatusCallbackPlan.of("initiated", "ringing")));

            JsonPath ringing = given().get("/api/calls/" + script.callSid()).then().statusCode(200).extract().jsonPath();
            assertThat(ringing.getString("status")).isEqualTo("ringing");
            assertThat(ringing.getString("agentId")).isEqualTo(AGENT_ID);
            assertThat(ringing.getString("outboundCallId")).isEqualTo(oc);

            SimulatedCall answered = Webhooks.twilio().placeCall(script);
            assertThat(answered.ok()).as(answered.toString()).isTrue();
            // the status callback knew the agent's id only: the webhook attached its voice, which later turns use
            assertThat(TTS.requests).filteredOn(r -> r.getText().equals("You said: What time is it?"))
                    .singleElement().satisfies(r -> assertThat(r.getVoice()).isEqualTo(FakeAgentService.VOICE));

            assertAllAccepted(Webhooks.twilio().sendStatusCallbacks(statusUrl(oc, AGENT_ID), base,
                    StatusCallbackPlan.of("answered", "completed").withCallDuration(21)));

            events.forKey(script.callSid(), Duration.ofSeconds(20), r -> r.stream()
                    .anyMatch(e -> TopicReader.parse(e, CallEvent.class).type() == CallEvent.Type.ENDED));
            List<CallEvent> published = events.settle(script.callSid(), Duration.ofSeconds(2)).stream()
                    .map(r -> TopicReader.parse(r, CallEvent.class)).toList();
            assertThat(published).extracting(CallEvent::type).containsExactly(CallEvent.Type.STARTED,
                    CallEvent.Type.STATUS_CHANGED, CallEvent.Type.STATUS_CHANGED, CallEvent.Type.STATUS_CHANGED,
                    CallEvent.Type.ENDED);
            assertThat(published).extracting(CallEvent::status)
                    .containsExactly("initiated", "ringing", "in-progress", "completed", "completed");
            assertThat(published).allSatisfy(event -> {
                assertThat(event.outboundCallId()).isEqualTo(oc);
                assertThat(event.agentId()).isEqualTo(AGENT_ID);
                assertThat(event.direction()).isEqualTo("outbound-api");
            });
            assertThat(published.getLast().durationSeconds()).isEqualTo(21L);
            await().atMost(Duration.ofSeconds(10)).until(() -> !AGENT.ends.isEmpty());
            assertThat(AGENT.ends).singleElement().satisfies(end -> assertThat(end.getFinalStatus()).isEqualTo("completed"));
        }
    }

    @Test
    void aBusyCallEndsOnceThoughCallbacksArriveShuffledAndTwice() {
        String oc = UUID.randomUUID().toString();
        CallScript script = script(oc).build();
        try (TopicReader events = new TopicReader(Topics.CALLS)) {
            assertAllAccepted(Webhooks.twilio().sendStatusCallbacks(statusUrl(oc, AGENT_ID),
                    Webhooks.twilio().voiceParams(script, "initiated"),
                    StatusCallbackPlan.of("initiated", "ringing", "busy").withDuplicates(3).shuffled(5)));

            JsonPath stored = given().get("/api/calls/" + script.callSid()).then().statusCode(200).extract().jsonPath();
            assertThat(stored.getString("status")).isEqualTo("busy");
            assertThat(stored.getString("answeredAt")).isNull();
            assertThat(stored.getString("outboundCallId")).isEqualTo(oc);
            events.forKey(script.callSid(), Duration.ofSeconds(20), r -> r.stream()
                    .anyMatch(e -> TopicReader.parse(e, CallEvent.class).type() == CallEvent.Type.ENDED));
            List<CallEvent> published = events.settle(script.callSid(), Duration.ofSeconds(2)).stream()
                    .map(r -> TopicReader.parse(r, CallEvent.class)).toList();
            assertThat(published).filteredOn(e -> e.type() == CallEvent.Type.STARTED).hasSize(1);
            assertThat(published).filteredOn(e -> e.type() == CallEvent.Type.ENDED).singleElement()
                    .satisfies(ended -> assertThat(ended.status()).isEqualTo("busy"));
            assertThat(published).allSatisfy(e -> assertThat(e.outboundCallId()).isEqualTo(oc));
            // the agent is known, so EndConversation is sent once; agent-service has no conversation (NOT_FOUND), harmless
            await().atMost(Duration.ofSeconds(10)).until(() -> !AGENT.ends.isEmpty());
            assertThat(AGENT.ends).hasSize(1);
            assertThat(AGENT.starts).isEmpty();
        }
    }

    @Test
    void aNoAnswerCallMovesInitiatedRingingThenEnds() {
        String oc = UUID.randomUUID().toString();
        CallScript script = script(oc).build();
        try (TopicReader events = new TopicReader(Topics.CALLS)) {
            assertAllAccepted(Webhooks.twilio().sendStatusCallbacks(statusUrl(oc, AGENT_ID),
                    Webhooks.twilio().voiceParams(script, "initiated"), StatusCallbackPlan.of("initiated", "ringing", "no-answer")));

            events.forKey(script.callSid(), Duration.ofSeconds(20), r -> r.stream()
                    .anyMatch(e -> TopicReader.parse(e, CallEvent.class).type() == CallEvent.Type.ENDED));
            List<CallEvent> published = events.settle(script.callSid(), Duration.ofSeconds(2)).stream()
                    .map(r -> TopicReader.parse(r, CallEvent.class)).toList();
            assertThat(published).extracting(CallEvent::type).containsExactly(CallEvent.Type.STARTED,
                    CallEvent.Type.STATUS_CHANGED, CallEvent.Type.STATUS_CHANGED, CallEvent.Type.ENDED);
            assertThat(published).extracting(CallEvent::status).containsExactly("initiated", "ringing", "no-answer", "no-answer");
            assertThat(published).extracting(CallEvent::previousStatus).containsExactly(null, "initiated", "ringing", "ringing");
            assertThat(published).allSatisfy(e -> assertThat(e.outboundCallId()).isEqualTo(oc));
        }
    }

    @Test
    void malformedIdsAreIgnoredAndAMissingIdIsAttachedByALaterCallback() {
        String oc = UUID.randomUUID().toString();
        CallScript script = script(oc).build();
        Map<String, String> base = Webhooks.twilio().voiceParams(script, "initiated");
        try (TopicReader events = new TopicReader(Topics.CALLS)) {
            assertAllAccepted(Webhooks.twilio().sendStatusCallbacks(
                    Webhooks.url("/twilio/voice/status?oc=not-a-uuid&agent=1-2-3-4-5"), base, StatusCallbackPlan.of("initiated")));
            JsonPath created = given().get("/api/calls/" + script.callSid()).then().statusCode(200).extract().jsonPath();
            assertThat(created.getString("agentId")).isNull();
            assertThat(created.getString("outboundCallId")).isNull();

            assertAllAccepted(Webhooks.twilio().sendStatusCallbacks(statusUrl(oc, AGENT_ID), base,
                    StatusCallbackPlan.of("ringing")));

            JsonPath attached = given().get("/api/calls/" + script.callSid()).jsonPath();
            assertThat(attached.getString("agentId")).isEqualTo(AGENT_ID);
            assertThat(attached.getString("outboundCallId")).isEqualTo(oc);
            List<CallEvent> published = events.forKey(script.callSid(), Duration.ofSeconds(20), r -> r.size() >= 2).stream()
                    .map(r -> TopicReader.parse(r, CallEvent.class)).toList();
            assertThat(published).extracting(CallEvent::outboundCallId).containsExactly(null, oc);
        }
    }

    private static URI statusUrl(String oc, String agent) {
        return Webhooks.url("/twilio/voice/status?oc=" + oc + "&agent=" + agent);
    }

    private static CallScript.Builder script(String oc) {
        return CallScript.builder(OutboundCallFlowTest.outboundUrl(oc, AGENT_ID)).direction("outbound-api")
                .from(FakeAgentService.OUTBOUND_AGENT_NUMBER).to("+4915100000002");
    }

    private static void assertAllAccepted(List<StatusCallbackDelivery> sent) {
        assertThat(sent).isNotEmpty().allSatisfy(d -> assertThat(d.response().status()).isEqualTo(204));
    }
}
