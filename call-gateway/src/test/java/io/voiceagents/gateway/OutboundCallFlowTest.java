package io.voiceagents.gateway;

import static io.voiceagents.gateway.support.FakeBackendsResource.AGENT;
import static io.voiceagents.gateway.support.FakeBackendsResource.OUTBOUND;
import static io.voiceagents.gateway.support.FakeBackendsResource.TTS;
import static io.voiceagents.gateway.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.voiceagents.contracts.agent.v1.MachineAction;
import io.voiceagents.contracts.agent.v1.StartConversationRequest;
import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.contracts.events.Topics;
import io.voiceagents.contracts.outbound.v1.OutboundCallInstructions;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.FakeBackendsResource;
import io.voiceagents.gateway.support.FakeTtsService;
import io.voiceagents.testkit.infra.TopicReader;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.testkit.twilio.CallScript;
import io.voiceagents.testkit.twilio.SimulatedCall;
import io.voiceagents.testkit.twilio.TwimlVerb;

/**
 * Outbound calls placed by outbound-service, answered: Twilio requests /twilio/voice/outbound?oc=&agent= (signed
 * with its query) with AnsweredBy when machine detection ran.
 */
@QuarkusTest
class OutboundCallFlowTest {

    private static final String CALLEE = "+4915100000001";
    private static final String INITIAL_MESSAGE = "Hi Jane, I'm calling about your delivery tomorrow.";
    private static final String METADATA = "{\"name\":\"Jane\",\"order\":\"A-17\"}";
    private static final String UNAVAILABLE = "Sorry, we can't take your call right now. Please try again later. Goodbye.";

    @BeforeEach
    void reset() {
        AGENT.reset();
        TTS.reset();
        OUTBOUND.reset();
    }

    @Test
    void aPersonHearsTheInitialMessageAndTalksToTheAgentWithTheMetadata() {
        String oc = registeredOutboundCall();
        try (TopicReader events = new TopicReader(Topics.CALLS)) {
            SimulatedCall call = Webhooks.twilio().placeCall(outbound(oc, FakeAgentService.OUTBOUND_AGENT_ID)
                    .param("AnsweredBy", "human").says("Oh yes, what time?").build());

            assertThat(call.ok()).as(call.toString()).isTrue();
            String base = FakeBackendsResource.baseUrl();
            assertThat(call.heard()).extracting(item -> item.url()).containsExactly(
                    base + FakeTtsService.pathFor(INITIAL_MESSAGE), base + FakeTtsService.pathFor("You said: Oh yes, what time?"));
            assertThat(call.steps().get(0).verbs()).extracting(TwimlVerb::name).containsExactly("Gather", "Redirect");
            assertThat(OUTBOUND.requests).extracting(r -> r.getOutboundCallId()).containsExactly(oc);
            assertThat(AGENT.starts).singleElement().satisfies(start -> {
                assertThat(start.getCallSid()).isEqualTo(call.callSid());
                assertThat(start.getAgentId()).isEqualTo(FakeAgentService.OUTBOUND_AGENT_ID);
                assertThat(start.getInitialMessage()).isEqualTo(INITIAL_MESSAGE);
                assertThat(start.getMetadataJson()).isEqualTo(METADATA);
                assertThat(start.getDirection()).isEqualTo("outbound-api");
                assertThat(start.getFromNumber()).isEqualTo(FakeAgentService.OUTBOUND_AGENT_NUMBER);
                assertThat(start.getToNumber()).isEqualTo(CALLEE);
            });
            assertThat(TTS.requests).allSatisfy(r -> assertThat(r.getVoice()).isEqualTo(FakeAgentService.VOICE));

            JsonPath stored = given().get("/api/calls/" + call.callSid()).then().statusCode(200).extract().jsonPath();
            assertThat(stored.getString("agentId")).isEqualTo(FakeAgentService.OUTBOUND_AGENT_ID);
            assertThat(stored.getString("outboundCallId")).isEqualTo(oc);
            assertThat(stored.getString("direction")).isEqualTo("outbound-api");
            assertThat(stored.getString("status")).isEqualTo("in-progress");
            assertThat(stored.getList("transcript.outcome")).containsExactly("GREETING", "OK");
            assertThat(stored.getString("transcript[0].agentText")).isEqualTo(INITIAL_MESSAGE);

            // Twilio retrying the webhook: the same answer, no second call, greeting or CallStarted
            String retried = Webhooks.twilio().postSigned(outboundUrl(oc, FakeAgentService.OUTBOUND_AGENT_ID),
                    Webhooks.twilio().voiceParams(outbound(oc, FakeAgentService.OUTBOUND_AGENT_ID).callSid(call.callSid())
                            .param("AnsweredBy", "human").build(), "in-progress")).body();
            assertThat(retried).isEqualTo(call.steps().get(0).responseBody());
            assertThat(given().get("/api/calls/" + call.callSid()).jsonPath().getList("transcript")).hasSize(2);
            List<CallEvent> published = events.settle(call.callSid(), Duration.ofSeconds(3)).stream()
                    .map(r -> TopicReader.parse(r, CallEvent.class)).toList();
            assertThat(published).singleElement().satisfies(started -> {
                assertThat(started.type()).isEqualTo(CallEvent.Type.STARTED);
                assertThat(started.outboundCallId()).isEqualTo(oc);
                assertThat(started.agentId()).isEqualTo(FakeAgentService.OUTBOUND_AGENT_ID);
                assertThat(started.status()).isEqualTo("in-progress");
            });
        }
    }

    @Test
    void anAnsweringMachineGetsTheVoicemailMessageThenTheCallHangsUp() {
        String oc = registeredOutboundCall();

        SimulatedCall call = Webhooks.twilio().placeCall(outbound(oc, FakeAgentService.OUTBOUND_AGENT_ID)
                .param("AnsweredBy", "machine_end_beep").says("never heard").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.endedByHangup()).isTrue();
        assertThat(call.steps()).singleElement().satisfies(step -> {
            assertThat(step.verbs()).extracting(TwimlVerb::name).containsExactly("Play", "Hangup");
            assertThat(step.verbs().get(0).text())
                    .isEqualTo(FakeBackendsResource.baseUrl() + FakeTtsService.pathFor(FakeAgentService.VOICEMAIL));
        });
        assertThat(call.playedAudio()).singleElement().satisfies(audio -> assertThat(audio.valid()).isTrue());
        assertThat(AGENT.starts).as("no conversation for a machine").isEmpty();
        JsonPath stored = given().get("/api/calls/" + call.callSid()).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("outboundCallId")).isEqualTo(oc);
        assertThat(stored.getList("transcript.outcome")).containsExactly("VOICEMAIL");
        assertThat(stored.getString("transcript[0].agentText")).isEqualTo(FakeAgentService.VOICEMAIL);
        assertThat(stored.getString("transcript[0].callerText")).isNull();
        assertThat(stored.getBoolean("transcript[0].ttsFallback")).isFalse();
    }

    @Test
    void withoutAVoicemailMessageAndWithoutSynthesisTheGreetingIsSaidToTheMachine() {
        AGENT.outboundAgent(MachineAction.MACHINE_ACTION_LEAVE_MESSAGE, "");
        TTS.failing(true);
        String oc = registeredOutboundCall();

        SimulatedCall call = Webhooks.twilio().placeCall(outbound(oc, FakeAgentService.OUTBOUND_AGENT_ID)
                .param("AnsweredBy", "machine_end_silence").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.steps().get(0).verbs()).extracting(TwimlVerb::name).containsExactly("Say", "Hangup");
        assertThat(call.saidTexts()).containsExactly(FakeAgentService.OUTBOUND_GREETING);
        assertThat(call.heard().get(0).voice()).isEqualTo("Google." + FakeAgentService.VOICE);
        JsonPath stored = given().get("/api/calls/" + call.callSid()).jsonPath();
        assertThat(stored.getList("transcript.outcome")).containsExactly("VOICEMAIL");
        assertThat(stored.getBoolean("transcript[0].ttsFallback")).isTrue();
    }

    @Test
    void anAgentSetToHangUpOnMachinesJustHangsUp() {
        AGENT.outboundAgent(MachineAction.MACHINE_ACTION_HANG_UP, FakeAgentService.VOICEMAIL);
        String oc = registeredOutboundCall();

        SimulatedCall call = Webhooks.twilio().placeCall(outbound(oc, FakeAgentService.OUTBOUND_AGENT_ID)
                .param("AnsweredBy", "machine_start").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.steps()).singleElement().satisfies(step ->
                assertThat(step.verbs()).extracting(TwimlVerb::name).containsExactly("Hangup"));
        assertThat(TTS.requests).isEmpty();
        assertThat(AGENT.starts).isEmpty();
        JsonPath stored = given().get("/api/calls/" + call.callSid()).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("agentId")).isEqualTo(FakeAgentService.OUTBOUND_AGENT_ID);
        assertThat(stored.getList("transcript")).isEmpty();
    }

    @Test
    void anUnsetMachineActionHangsUpToo() {
        AGENT.outboundAgent(MachineAction.MACHINE_ACTION_UNSPECIFIED, FakeAgentService.VOICEMAIL);

        SimulatedCall call = Webhooks.twilio().placeCall(outbound(registeredOutboundCall(), FakeAgentService.OUTBOUND_AGENT_ID)
                .param("AnsweredBy", "machine_end_other").build());

        assertThat(call.steps().get(0).verbs()).extracting(TwimlVerb::name).containsExactly("Hangup");
        assertThat(TTS.requests).isEmpty();
    }

    @Test
    void aFaxIsAlwaysHungUpOn() {
        String oc = registeredOutboundCall();

        SimulatedCall call = Webhooks.twilio().placeCall(outbound(oc, FakeAgentService.OUTBOUND_AGENT_ID)
                .param("AnsweredBy", "fax").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.steps().get(0).verbs()).extracting(TwimlVerb::name).containsExactly("Hangup");
        assertThat(TTS.requests).isEmpty();
        assertThat(AGENT.starts).isEmpty();
        assertThat(given().get("/api/calls/" + call.callSid()).jsonPath().getList("transcript")).isEmpty();
    }

    @Test
    void whenOutboundServiceFailsTheAgentInTheUrlGreetsWithItsOwnGreeting() {
        String oc = registeredOutboundCall();
        OUTBOUND.failing(true);

        SimulatedCall call = Webhooks.twilio().placeCall(outbound(oc, FakeAgentService.OUTBOUND_AGENT_ID)
                .param("AnsweredBy", "unknown").says("Who is this?").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(OUTBOUND.requests).hasSize(1);
        assertThat(call.heard().get(0).url())
                .isEqualTo(FakeBackendsResource.baseUrl() + FakeTtsService.pathFor(FakeAgentService.OUTBOUND_GREETING));
        assertThat(call.steps().get(0).verbs()).extracting(TwimlVerb::name).containsExactly("Gather", "Redirect");
        StartConversationRequest start = AGENT.starts.get(0);
        assertThat(start.getAgentId()).isEqualTo(FakeAgentService.OUTBOUND_AGENT_ID);
        assertThat(start.getInitialMessage()).isEmpty();
        assertThat(start.getMetadataJson()).isEmpty();
        JsonPath stored = given().get("/api/calls/" + call.callSid()).jsonPath();
        assertThat(stored.getString("outboundCallId")).isEqualTo(oc);
        assertThat(stored.getList("transcript.outcome")).containsExactly("GREETING", "OK");
    }

    @Test
    void anUnknownOutboundCallWithoutAnAgentIsEndedPolitely() {
        String unknown = UUID.randomUUID().toString();

        SimulatedCall call = Webhooks.twilio().placeCall(CallScript.builder(Webhooks.url("/twilio/voice/outbound?oc=" + unknown))
                .direction("outbound-api").from(FakeAgentService.OUTBOUND_AGENT_NUMBER).to(CALLEE).says("hello?").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.endedByHangup()).isTrue();
        assertThat(call.saidTexts()).containsExactly(UNAVAILABLE);
        assertThat(AGENT.starts).isEmpty();
        JsonPath stored = given().get("/api/calls/" + call.callSid()).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("agentId")).isNull();
        assertThat(stored.getString("outboundCallId")).isEqualTo(unknown);
    }

    @Test
    void anAgentThatNoLongerExistsEndsTheCallPolitely() {
        String gone = UUID.randomUUID().toString();

        SimulatedCall call = Webhooks.twilio().placeCall(outbound(UUID.randomUUID().toString(), gone).says("hello?").build());

        assertThat(call.saidTexts()).containsExactly(UNAVAILABLE);
        assertThat(AGENT.agentReads).extracting(r -> r.getAgentId()).containsExactly(gone);
        assertThat(AGENT.starts).isEmpty();
    }

    /** An outbound call outbound-service knows, with an initial message and metadata; returns its id. */
    private static String registeredOutboundCall() {
        String oc = UUID.randomUUID().toString();
        OUTBOUND.register(OutboundCallInstructions.newBuilder().setOutboundCallId(oc)
                .setAgentId(FakeAgentService.OUTBOUND_AGENT_ID).setToNumber(CALLEE)
                .setFromNumber(FakeAgentService.OUTBOUND_AGENT_NUMBER).setInitialMessage(INITIAL_MESSAGE)
                .setMetadataJson(METADATA).build());
        return oc;
    }

    static URI outboundUrl(String oc, String agent) {
        return Webhooks.url("/twilio/voice/outbound?oc=" + oc + "&agent=" + agent);
    }

    /** The call as Twilio runs it once the callee answered: the outbound URL, Direction=outbound-api. */
    private static CallScript.Builder outbound(String oc, String agent) {
        return CallScript.builder(outboundUrl(oc, agent)).direction("outbound-api")
                .from(FakeAgentService.OUTBOUND_AGENT_NUMBER).to(CALLEE);
    }
}
