package io.voiceagents.gateway;

import static io.voiceagents.gateway.support.TestApi.given;
import static io.voiceagents.gateway.support.FakeBackendsResource.AGENT;
import static io.voiceagents.gateway.support.FakeBackendsResource.TTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.voiceagents.contracts.agent.v1.CallMode;
import io.voiceagents.contracts.events.CallEvent;
import io.voiceagents.contracts.events.Topics;
import io.voiceagents.contracts.events.TurnEvent;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.FakeBackendsResource;
import io.voiceagents.gateway.support.FakeTtsService;
import io.voiceagents.testkit.infra.TopicReader;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.testkit.infra.InfraTestResource;
import io.voiceagents.testkit.twilio.CallScript;
import io.voiceagents.testkit.twilio.CallStep;
import io.voiceagents.testkit.twilio.HeardItem;
import io.voiceagents.testkit.twilio.SimulatedCall;
import io.voiceagents.testkit.twilio.TwimlVerb;
import io.voiceagents.testkit.twilio.Utterance;

/** Whole gather-mode calls placed by the Twilio caller emulator against the running gateway. */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeBackendsResource.class, restrictToAnnotatedClass = false)
class GatherCallFlowTest {

    private static final String NOT_IN_SERVICE = "Sorry, this number is not in service. Please check the number and try again. Goodbye.";
    private static final String APOLOGY = "Sorry, I'm having trouble answering right now. Could you say that again?";

    @BeforeEach
    void reset() {
        AGENT.reset();
        TTS.reset();
    }

    @Test
    void unknownNumberHearsNotInServiceAndHangsUp() {
        SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call().to("+15005550099").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.endedByHangup()).isTrue();
        assertThat(call.saidTexts()).containsExactly(NOT_IN_SERVICE);
        JsonPath stored = given().get("/api/calls/" + call.callSid()).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("agentId")).isNull();
        assertThat(stored.getString("status")).isEqualTo("ringing");
        assertThat(stored.getList("transcript")).isEmpty();
    }

    @Test
    void threeTurnsArePlayedGatheredAndStoredAsTranscript() {
        String base = FakeBackendsResource.baseUrl();
        try (TopicReader turns = new TopicReader(Topics.TURNS); TopicReader calls = new TopicReader(Topics.CALLS)) {
            SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call()
                    .says("What are your opening hours?", 0.91)
                    .says("Do you deliver to Berlin?")
                    .says("Great, thanks")
                    .build());

            assertThat(call.ok()).as(call.toString()).isTrue();
            assertThat(call.callerHungUp()).isTrue();
            List<CallStep> steps = call.steps();
            assertThat(steps).hasSize(4);
            assertGatherStep(steps.get(0), base + FakeTtsService.pathFor(FakeAgentService.GREETING));
            assertThat(steps.get(0).url()).isEqualTo(base + "/twilio/voice");
            assertGatherStep(steps.get(1), base + FakeTtsService.pathFor("You said: What are your opening hours?"));
            assertGatherStep(steps.get(2), base + FakeTtsService.pathFor("You said: Do you deliver to Berlin?"));
            assertGatherStep(steps.get(3), base + FakeTtsService.pathFor("You said: Great, thanks"));
            assertThat(steps.subList(1, 4)).allSatisfy(step -> assertThat(step.url()).isEqualTo(base + "/twilio/voice/gather"));
            assertThat(call.playedAudio()).hasSize(4).allSatisfy(audio -> assertThat(audio.valid()).isTrue());
            assertThat(AGENT.replies).extracting(r -> r.getTurnId())
                    .containsExactly(call.callSid() + ":1", call.callSid() + ":2", call.callSid() + ":3");
            assertThat(AGENT.replies.get(0).getConfidence()).isEqualTo(0.91f);
            assertThat(TTS.requests).allSatisfy(r -> {
                assertThat(r.getVoice()).isEqualTo(FakeAgentService.VOICE);
                assertThat(r.getFormat().name()).isEqualTo("AUDIO_FORMAT_WAV_MULAW_8K");
            });

            JsonPath stored = given().get("/api/calls/" + call.callSid()).then().statusCode(200).extract().jsonPath();
            assertThat(stored.getString("agentId")).isEqualTo(FakeAgentService.AGENT_ID);
            assertThat(stored.getList("transcript.turnIndex", Integer.class)).containsExactly(0, 1, 2, 3);
            assertThat(stored.getString("transcript[0].outcome")).isEqualTo("GREETING");
            assertThat(stored.getString("transcript[0].agentText")).isEqualTo(FakeAgentService.GREETING);
            assertThat(stored.getString("transcript[0].callerText")).isNull();
            assertThat(stored.getList("transcript.callerText").subList(1, 4))
                    .containsExactly("What are your opening hours?", "Do you deliver to Berlin?", "Great, thanks");
            assertThat(stored.getString("transcript[2].agentText")).isEqualTo("You said: Do you deliver to Berlin?");
            assertThat(stored.getList("transcript.outcome").subList(1, 4)).containsOnly("OK");
            assertThat(stored.getList("transcript.ttsFallback", Boolean.class)).containsOnly(false);
            assertThat(stored.getLong("transcript[1].llmLatencyMs")).isEqualTo(42);
            assertThat(stored.getList("transcript.ttsLatencyMs")).doesNotContainNull();

            List<ConsumerRecord<String, String>> turnRecords = turns.forKey(call.callSid(), Duration.ofSeconds(20),
                    records -> records.size() >= 3);
            assertThat(turnRecords).extracting(r -> TopicReader.parse(r, TurnEvent.class).turnIndex()).containsExactly(1, 2, 3);
            TurnEvent first = TopicReader.parse(turnRecords.get(0), TurnEvent.class);
            assertThat(first.agentId()).isEqualTo(FakeAgentService.AGENT_ID);
            assertThat(first.callerText()).isEqualTo("What are your opening hours?");
            assertThat(first.outcome()).isEqualTo("OK");
            assertThat(first.eventId()).isNotBlank();
            assertThat(first.schemaVersion()).isEqualTo(TurnEvent.SCHEMA_VERSION);

            List<ConsumerRecord<String, String>> callRecords = calls.forKey(call.callSid(), Duration.ofSeconds(20),
                    records -> !records.isEmpty());
            CallEvent started = TopicReader.parse(callRecords.get(0), CallEvent.class);
            assertThat(started.type()).isEqualTo(CallEvent.Type.STARTED);
            assertThat(started.agentId()).isEqualTo(FakeAgentService.AGENT_ID);
            assertThat(started.to()).isEqualTo(FakeAgentService.AGENT_NUMBER);
            assertThat(started.status()).isEqualTo("ringing");
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("gateway_turns_total{outcome=\"OK\",tts_fallback=\"false\"")
                .contains("gateway_webhook_latency_seconds_count{endpoint=\"gather\"");
    }

    @Test
    void endCallOutcomeSpeaksThenHangsUp() {
        SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call().says("ok bye").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.endedByHangup()).isTrue();
        List<TwimlVerb> last = call.steps().get(1).verbs();
        assertThat(last).extracting(TwimlVerb::name).containsExactly("Play", "Hangup");
        assertThat(given().get("/api/calls/" + call.callSid()).jsonPath().getString("transcript[1].outcome"))
                .isEqualTo("END_CALL");
    }

    @Test
    void failingSynthesisFallsBackToTwilioSay() {
        TTS.failing(true);

        SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call().says("Hi there").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.playedAudio()).isEmpty();
        assertThat(call.heard()).extracting(HeardItem::text)
                .containsExactly(FakeAgentService.GREETING, "You said: Hi there");
        assertThat(call.heard()).allSatisfy(item -> {
            assertThat(item.voice()).isEqualTo("Google.en-US-Neural2-F");
            assertThat(item.language()).isEqualTo("en-US");
        });
        JsonPath stored = given().get("/api/calls/" + call.callSid()).jsonPath();
        assertThat(stored.getList("transcript.ttsFallback", Boolean.class)).containsExactly(true, true);
        assertThat(stored.getList("transcript.ttsLatencyMs")).containsOnlyNulls();
    }

    @Test
    void synthesisSlowerThanTheBudgetFallsBackToSay() {
        TTS.delay(Duration.ofMillis(1500));

        SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call().says("Are you open today?").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.saidTexts()).containsExactly(FakeAgentService.GREETING, "You said: Are you open today?");
        // 400 ms budget in tests: the webhook must not wait for the 1.5 s synthesis
        assertThat(call.steps()).allSatisfy(step -> assertThat(step.durationMillis()).isLessThan(1400));
        assertThat(given().get("/api/calls/" + call.callSid()).jsonPath().getBoolean("transcript[1].ttsFallback")).isTrue();
    }

    @Test
    void failingAgentGivesAnApologyAndGathersAgain() {
        AGENT.failNextReplies(1);

        SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call().says("Hello?").says("Hello again").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        List<TwimlVerb> apology = call.steps().get(1).verbs();
        assertThat(apology).extracting(TwimlVerb::name).containsExactly("Gather", "Redirect");
        assertThat(apology.get(0).children()).singleElement().satisfies(say -> {
            assertThat(say.name()).isEqualTo("Say");
            assertThat(say.text()).isEqualTo(APOLOGY);
        });
        assertThat(call.steps().get(2).verbs().get(0).children().get(0).name()).isEqualTo("Play");
        JsonPath stored = given().get("/api/calls/" + call.callSid()).jsonPath();
        assertThat(stored.getList("transcript.outcome")).containsExactly("GREETING", "FALLBACK", "OK");
        assertThat(stored.getString("transcript[1].agentText")).isEqualTo(APOLOGY);
        assertThat(AGENT.replies).extracting(r -> r.getTurnId())
                .containsExactly(call.callSid() + ":1", call.callSid() + ":2");
    }

    @Test
    void agentSlowerThanTheReplyBudgetGivesAnApology() {
        AGENT.replyDelay(Duration.ofMillis(2500));

        SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call().says("Tell me a long story").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.saidTexts()).containsExactly(APOLOGY);
        assertThat(call.steps().get(1).durationMillis()).isLessThan(2500);
    }

    @Test
    void silenceIsRepromptedThenTheCallEndsPolitely() {
        String base = FakeBackendsResource.baseUrl();
        SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call()
                .utterance(Utterance.silence())
                .says("Sorry, I was distracted")
                .utterance(Utterance.silence())
                .utterance(Utterance.silence())
                .utterance(Utterance.silence())
                .says("never reached")
                .build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.endedByHangup()).isTrue();
        List<String> played = call.heard().stream().map(HeardItem::url).toList();
        String reprompt = base + FakeTtsService.pathFor("Are you still there?");
        assertThat(played).containsExactly(
                base + FakeTtsService.pathFor(FakeAgentService.GREETING),
                reprompt,
                base + FakeTtsService.pathFor("You said: Sorry, I was distracted"),
                reprompt,
                reprompt,
                base + FakeTtsService.pathFor("It seems we got disconnected. Thank you for calling. Goodbye."));
        assertThat(call.steps().getLast().verbs()).extracting(TwimlVerb::name).containsExactly("Play", "Hangup");
        // silences are not turns: only the spoken one is stored
        assertThat(given().get("/api/calls/" + call.callSid()).jsonPath().getList("transcript")).hasSize(2);
    }

    @Test
    void anEmptySignedSpeechResultIsSilence() {
        String callSid = io.voiceagents.testkit.twilio.CallScript.newCallSid();
        Webhooks.post("/twilio/voice", Webhooks.voiceParams(callSid, FakeAgentService.AGENT_NUMBER)).then().statusCode(200);

        // Twilio signs empty parameters too: the filter must see SpeechResult= to verify the signature
        String twiml = Webhooks.post("/twilio/voice/gather", Map.of("CallSid", callSid, "SpeechResult", "", "Confidence", "0"))
                .then().statusCode(200).extract().asString();

        assertThat(twiml).contains(FakeTtsService.pathFor("Are you still there?"));
        assertThat(AGENT.replies).isEmpty();
    }

    @Test
    void markupInCallerAndAgentTextCannotBreakTheTwiml() {
        TTS.failing(true);
        String nasty = "<b>&\" </Say><Hangup/> ]]>";

        SimulatedCall call = Webhooks.twilio().placeCall(Webhooks.call().says(nasty).says("still here").build());

        assertThat(call.ok()).as(call.toString()).isTrue();
        assertThat(call.saidTexts()).containsExactly(FakeAgentService.GREETING, "You said: " + nasty, "You said: still here");
        assertThat(call.steps().get(1).responseBody()).contains("&lt;b&gt;&amp;&quot;").doesNotContain("<b>");
        assertThat(given().get("/api/calls/" + call.callSid()).jsonPath().getString("transcript[1].callerText"))
                .isEqualTo(nasty);
    }

    @Test
    void agentsInRealTimeModesAreConnectedToTheirSocketInsteadOfGathering() {
        AGENT.agentsByNumber.put("+15005550077", FakeAgentService.profile("+15005550077", "agent-stream", CallMode.CALL_MODE_STREAM));
        AGENT.agentsByNumber.put("+15005550078", FakeAgentService.profile("+15005550078", "agent-relay", CallMode.CALL_MODE_RELAY));

        String stream = Webhooks.post("/twilio/voice", Webhooks.voiceParams(CallScript.newCallSid(), "+15005550077"))
                .then().statusCode(200).extract().asString();
        String relay = Webhooks.post("/twilio/voice", Webhooks.voiceParams(CallScript.newCallSid(), "+15005550078"))
                .then().statusCode(200).extract().asString();

        assertThat(stream).contains("<Connect><Stream url=").doesNotContain("<Gather");
        assertThat(relay).contains("<ConversationRelay url=").doesNotContain("<Gather");
        assertThat(TTS.requests).isEmpty();
    }

    @Test
    void aTransferSpeaksTheReplyThenDialsTheNumberEvenWhenTheWebhookIsRetried() {
        String callSid = io.voiceagents.testkit.twilio.CallScript.newCallSid();
        Webhooks.post("/twilio/voice", Webhooks.voiceParams(callSid, FakeAgentService.AGENT_NUMBER)).then().statusCode(200);
        Map<String, String> gather = Map.of("AccountSid", Webhooks.ACCOUNT_SID, "CallSid", callSid,
                "SpeechResult", "Transfer me to a person please", "Confidence", "0.9");

        String first = Webhooks.post("/twilio/voice/gather", gather, Map.of("I-Twilio-Idempotency-Token", "tok-t"))
                .then().statusCode(200).extract().asString();
        String retry = Webhooks.post("/twilio/voice/gather", gather, Map.of("I-Twilio-Idempotency-Token", "tok-t"))
                .then().statusCode(200).extract().asString();

        assertThat(first).contains("<Dial>" + FakeAgentService.TRANSFER_NUMBER + "</Dial>").doesNotContain("<Gather")
                .doesNotContain("<Hangup");
        assertThat(retry).contains("<Dial>" + FakeAgentService.TRANSFER_NUMBER + "</Dial>");
        assertThat(given().get("/api/calls/" + callSid).jsonPath().getString("transcript[1].outcome"))
                .isEqualTo("TRANSFER");
    }

    @Test
    void retriedGatherWebhooksDoNotCreateASecondTurn() {
        String callSid = io.voiceagents.testkit.twilio.CallScript.newCallSid();
        Webhooks.post("/twilio/voice", Webhooks.voiceParams(callSid, FakeAgentService.AGENT_NUMBER)).then().statusCode(200);
        Webhooks.post("/twilio/voice", Webhooks.voiceParams(callSid, FakeAgentService.AGENT_NUMBER)).then().statusCode(200);
        Map<String, String> gather = Map.of("AccountSid", Webhooks.ACCOUNT_SID, "CallSid", callSid,
                "SpeechResult", "I need a table for two", "Confidence", "0.8");

        try (TopicReader turns = new TopicReader(Topics.TURNS); TopicReader calls = new TopicReader(Topics.CALLS)) {
            String first = Webhooks.post("/twilio/voice/gather", gather, Map.of("I-Twilio-Idempotency-Token", "tok-1"))
                    .then().statusCode(200).extract().asString();
            String retry = Webhooks.post("/twilio/voice/gather", gather, Map.of("I-Twilio-Idempotency-Token", "tok-1"))
                    .then().statusCode(200).extract().asString();
            // a retry without the header but with the same speech moments later is recognised as well
            String sameSpeech = Webhooks.post("/twilio/voice/gather", gather).then().statusCode(200).extract().asString();
            assertThat(retry).isEqualTo(first);
            assertThat(sameSpeech).isEqualTo(first);
            assertThat(AGENT.replies).hasSize(1);

            Webhooks.post("/twilio/voice/gather", Map.of("CallSid", callSid, "SpeechResult", "At eight please"))
                    .then().statusCode(200);

            JsonPath stored = given().get("/api/calls/" + callSid).jsonPath();
            assertThat(stored.getList("transcript.turnIndex", Integer.class)).containsExactly(0, 1, 2);
            assertThat(AGENT.replies).extracting(r -> r.getTurnId()).containsExactly(callSid + ":1", callSid + ":2");
            assertThat(AGENT.starts).hasSize(2);
            assertThat(turns.settle(callSid, Duration.ofSeconds(3))).hasSize(2);
            assertThat(calls.settle(callSid, Duration.ofMillis(500)))
                    .extracting(r -> TopicReader.parse(r, CallEvent.class).type())
                    .containsExactly(CallEvent.Type.STARTED);
        }
    }

    private static void assertGatherStep(CallStep step, String playUrl) {
        assertThat(step.status()).isEqualTo(200);
        assertThat(step.verbs()).extracting(TwimlVerb::name).containsExactly("Gather", "Redirect");
        TwimlVerb gather = step.verbs().get(0);
        String action = FakeBackendsResource.baseUrl() + "/twilio/voice/gather";
        assertThat(gather.attributes()).containsEntry("input", "speech")
                .containsEntry("action", action)
                .containsEntry("method", "POST")
                .containsEntry("speechTimeout", "auto")
                .containsEntry("language", "en-US")
                .containsEntry("actionOnEmptyResult", "true");
        assertThat(gather.children()).singleElement().satisfies(play -> {
            assertThat(play.name()).isEqualTo("Play");
            assertThat(play.text()).isEqualTo(playUrl);
        });
        TwimlVerb redirect = step.verbs().get(1);
        assertThat(redirect.text()).isEqualTo(action);
        assertThat(redirect.attr("method")).isEqualTo("POST");
    }
}
