package io.voiceagents.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.voiceagents.testkit.googletts.GoogleTtsEmulator;
import io.voiceagents.testkit.gemini.GeminiEmulator;
import io.voiceagents.testkit.twilio.CallScript;
import io.voiceagents.testkit.twilio.CallStep;
import io.voiceagents.testkit.twilio.HeardItem;
import io.voiceagents.testkit.twilio.SimulatedCall;
import io.voiceagents.testkit.twilio.StatusCallbackPlan;
import io.voiceagents.testkit.twilio.TwilioCallerEmulator;
import io.voiceagents.testkit.twilio.TwimlVerb;
import io.voiceagents.testkit.twilio.WebhookResponse;

/**
 * Inbound calls in {@code gather} mode through the whole suite: the real agent-service, tts-service and
 * call-gateway jars as separate processes behind the front door, embedded Postgres and Kafka, and the
 * Twilio caller, Gemini and Google TTS emulators. Asserts what the caller hears at every step, what is
 * stored, and what is published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundGatherCallEndToEndTest {

    private static final String AGENT_NUMBER = "+15005550123";
    private static final String OPENING_HOURS = "Our opening hours are Monday to Friday, 9 am to 6 pm.";
    /** API_KEY of the suite: every /api/** request below sends it, as an operator's client would. */
    private static final String API_KEY = "e2e-api-key-0123456789abcdef-XYZ";

    private Path dataDirectory;
    private LocalStack stack;
    private TwilioCallerEmulator twilio;
    private KafkaEventLog events;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private String agentId;

    @BeforeAll
    void startSuite() throws Exception {
        // not @TempDir: the stack's own data must never land in the repository's .devstack-data
        dataDirectory = Files.createTempDirectory("voiceagents-e2e");
        stack = new LocalStack(LocalStackOptions.builder()
                .dataDirectory(dataDirectory)
                .fresh(true)
                .freePorts()
                .services(Set.of(StackService.AGENT_SERVICE, StackService.TTS_SERVICE, StackService.CALL_GATEWAY))
                .sandbox(SandboxPolicy.ALWAYS)
                .seedDemoAgent(false)
                .env("API_KEY", API_KEY)
                .shutdownHook(false)
                .readyTimeout(Duration.ofMinutes(4))
                .build()).start();
        assertThat(stack.dataDirectory()).isEqualTo(dataDirectory);
        assertThat(stack.apiKey()).contains(API_KEY);
        twilio = new TwilioCallerEmulator(stack.twilioAccountSid(), stack.twilioAuthToken());
        events = KafkaEventLog.start(stack.kafkaBootstrapServers());

        JsonNode agent = postJson("/api/agents", Map.of(
                "name", "End-to-end receptionist",
                "instructions", "You answer calls for a bakery.\nFACT: " + OPENING_HOURS
                        + "\nFACT: Our address is 12 Baker Street.",
                "greeting", "Hello, thanks for calling the bakery. How can I help?",
                "voice", "en-US-Neural2-F",
                "language", "en-US",
                "phoneNumbers", List.of(AGENT_NUMBER),
                "callMode", "gather"), 201);
        agentId = agent.get("id").asText();
    }

    @AfterAll
    void stopSuite() {
        if (events != null) {
            events.close();
        }
        if (stack != null) {
            stack.close();
        }
        OutboundSandbox.deleteRecursively(dataDirectory);
    }

    @Test
    void threeTurnConversationIsHeardStoredAndPublished() throws Exception {
        SimulatedCall call = twilio.placeCall(script()
                .says("Hello, is this the bakery?", 0.92)
                .says("What are your opening hours?", 0.88)
                .says("Thank you, goodbye", 0.95)
                .build());

        assertThat(call.errors()).isEmpty();
        // the caller said goodbye: the agent's end_call tool ends the call after its reply
        assertThat(call.callerHungUp()).isFalse();
        List<CallStep> steps = call.steps();
        assertThat(steps).hasSize(4);

        // step 0: the voice webhook answers with the synthesized greeting and a speech Gather
        assertThat(steps.get(0).url()).endsWith("/twilio/voice");
        assertGreetingThenGather(steps.get(0));
        // steps 1..2: each speech result is answered with a synthesized reply and another Gather
        List<String> utterances = List.of("Hello, is this the bakery?", "What are your opening hours?",
                "Thank you, goodbye");
        for (int i = 1; i <= 2; i++) {
            CallStep step = steps.get(i);
            assertThat(step.url()).endsWith("/twilio/voice/gather");
            assertThat(step.params()).containsEntry("SpeechResult", utterances.get(i - 1));
            assertThat(step.status()).isEqualTo(200);
            assertThat(gather(step.verbs()).attr("input")).isEqualTo("speech");
            assertThat(names(flatten(step.verbs()))).as(step.responseBody()).contains("Play").doesNotContain("Say");
        }
        // step 3: the goodbye is answered with the synthesized reply, then the agent hangs up
        CallStep last = steps.get(3);
        assertThat(last.params()).containsEntry("SpeechResult", "Thank you, goodbye");
        assertThat(names(flatten(last.verbs()))).as(last.responseBody())
                .contains("Play", "Hangup").doesNotContain("Gather", "Say");
        List<HeardItem> heard = call.heard();
        assertThat(heard).extracting(HeardItem::kind).containsOnly(HeardItem.Kind.PLAY).hasSize(4);
        assertThat(heard).allSatisfy(item -> {
            assertThat(item.audio().valid()).as(item.audio().problem()).isTrue();
            assertThat(item.audio().format()).contains("mulaw").contains("8000");
        });

        // stored: the call reached its final status and its transcript holds the greeting and three turns
        JsonNode stored = awaitCall(call.callSid(), "completed");
        JsonNode transcript = stored.get("transcript");
        assertThat(transcript).hasSize(4);
        assertThat(transcript.get(0).get("agentText").asText()).startsWith("Hello, thanks for calling the bakery");
        for (int i = 1; i <= 3; i++) {
            JsonNode turn = transcript.get(i);
            assertThat(turn.get("callerText").asText()).isEqualTo(utterances.get(i - 1));
            assertThat(turn.get("outcome").asText()).isEqualToIgnoringCase(i < 3 ? "OK" : "END_CALL");
            assertThat(turn.get("ttsFallback").asBoolean()).isFalse();
            assertThat(turn.get("agentText").asText()).startsWith("[gemini-emulator]");
        }
        // the emulated Gemini answers from the FACT the agent's instructions carry: the prompt reached the LLM
        assertThat(transcript.get(2).get("agentText").asText()).contains(OPENING_HOURS);
        assertThat(stored.get("agentId").asText()).isEqualTo(agentId);

        // agent-service kept the conversation: greeting + three user/assistant pairs
        JsonNode conversations = getJson("/api/agents/" + agentId + "/conversations", 200);
        String conversationId = null;
        for (JsonNode c : conversations.get("items")) {
            if (call.callSid().equals(c.get("callSid").asText())) {
                conversationId = c.get("id").asText();
            }
        }
        assertThat(conversationId).as("conversation stored for the call").isNotNull();
        JsonNode conversation = getJson("/api/agents/" + agentId + "/conversations/" + conversationId, 200);
        assertThat(conversation.get("messages")).hasSize(7);

        // published: started and ended once, one turn event per caller turn, all keyed by the call SID
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(events.callEventTypes(call.callSid())).contains("STARTED", "ENDED");
            assertThat(events.turnEvents(call.callSid())).hasSize(3);
        });
        assertThat(events.callEventTypes(call.callSid())).containsOnlyOnce("STARTED", "ENDED");
        assertThat(events.turnEvents(call.callSid()))
                .extracting(e -> e.get("turnIndex").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void ttsFailureFallsBackToSayForThatTurn() throws Exception {
        // a reply no earlier call produced, so the phrase cache cannot hide the failing provider
        String token = "Z" + Long.toHexString(System.nanoTime());
        GoogleTtsEmulator tts = stack.ttsEmulator().orElseThrow();
        tts.setFailing(true);
        SimulatedCall call;
        try {
            call = twilio.placeCall(script().says("Please note reference " + token).build());
        } finally {
            tts.setFailing(false);
        }
        assertThat(call.errors()).isEmpty();
        CallStep reply = call.steps().get(1);
        TwimlVerb say = flatten(reply.verbs()).stream().filter(v -> v.name().equals("Say")).findFirst().orElseThrow(
                () -> new AssertionError("no <Say> fallback in " + reply.responseBody()));
        assertThat(say.text()).startsWith("[gemini-emulator]").contains(token);
        assertThat(names(flatten(reply.verbs()))).doesNotContain("Play").contains("Gather");

        JsonNode turn = awaitCall(call.callSid(), "completed").get("transcript").get(1);
        assertThat(turn.get("ttsFallback").asBoolean()).isTrue();
        assertThat(turn.get("agentText").asText()).contains(token);
    }

    @Test
    void llmFailureGivesAnApologyAndAnotherChance() throws Exception {
        GeminiEmulator gemini = stack.geminiEmulator().orElseThrow();
        gemini.setFailing(true);
        SimulatedCall call;
        try {
            call = twilio.placeCall(script().says("Do you sell sourdough?").build());
        } finally {
            gemini.setFailing(false);
        }
        assertThat(call.errors()).isEmpty();
        CallStep reply = call.steps().get(1);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(gather(reply.verbs()).attr("input")).as("the caller gets another chance").isEqualTo("speech");

        JsonNode turn = awaitCall(call.callSid(), "completed").get("transcript").get(1);
        assertThat(turn.get("outcome").asText()).isEqualToIgnoringCase("FALLBACK");
        assertThat(turn.get("agentText").asText()).doesNotContain("[gemini-emulator]").isNotBlank();
    }

    @Test
    void unknownNumberIsToldPolitelyAndHungUp() {
        SimulatedCall call = twilio.placeCall(CallScript.builder(voiceUrl()).to("+15005559999").build());
        assertThat(call.errors()).isEmpty();
        assertThat(call.endedByHangup()).isTrue();
        assertThat(names(call.steps().get(0).verbs())).containsExactly("Say", "Hangup");
    }

    @Test
    void forgedOrMissingSignaturesAreRejected() {
        Map<String, String> params = twilio.voiceParams(script().build(), "ringing");
        WebhookResponse forged = twilio.postWithForgedSignature(voiceUrl(), params);
        WebhookResponse unsigned = twilio.postUnsigned(voiceUrl(), params);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(forged.body() + unsigned.body()).doesNotContain("<Response");
    }

    @Test
    void duplicateAndOutOfOrderStatusCallbacksNeverMoveBackwards() throws Exception {
        CallScript script = script().build();
        SimulatedCall call = twilio.placeCall(CallScript.builder(voiceUrl()).to(AGENT_NUMBER)
                .callSid(script.callSid()).build());
        assertThat(call.steps().get(0).status()).isEqualTo(200);
        Map<String, String> base = twilio.voiceParams(script, "ringing");

        // completed first, then the earlier statuses, some delivered twice
        twilio.sendStatusCallbacks(statusUrl(), base, StatusCallbackPlan.of("completed").withCallDuration(42));
        twilio.sendStatusCallbacks(statusUrl(), base,
                StatusCallbackPlan.of("initiated", "ringing", "answered", "completed").withDuplicates(3).shuffled(11));

        JsonNode stored = awaitCall(script.callSid(), "completed");
        assertThat(stored.get("durationSeconds").asLong()).isEqualTo(42);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(events.callEventTypes(script.callSid())).contains("ENDED"));
        Thread.sleep(1500); // give a wrongly repeated side effect the time to show up
        assertThat(events.callEventTypes(script.callSid())).containsOnlyOnce("ENDED");
        assertThat(getJson("/api/calls/" + script.callSid(), 200).get("status").asText()).isEqualTo("completed");
    }

    @Test
    void sandboxEndpointPlacesASimulatedCallAndReturnsTheStoredTranscript() throws Exception {
        JsonNode result = postJson("/sandbox/calls", Map.of("to", AGENT_NUMBER,
                "utterances", List.of("What is your address?", "Goodbye")), 200);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        JsonNode stored = result.get("storedCall");
        assertThat(stored.get("callSid").asText()).isEqualTo(result.get("callSid").asText());
        assertThat(stored.get("transcript")).hasSize(3);
        assertThat(stored.get("transcript").get(1).get("agentText").asText()).contains("12 Baker Street");
    }

    @Test
    void theApiRequiresTheKeyThroughTheFrontDoor() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(stack.frontDoorUrl() + "/api/calls"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"voice-agents\"");
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        HttpResponse<String> wrongKey = http.send(HttpRequest.newBuilder(URI.create(stack.frontDoorUrl() + "/api/agents"))
                .header("Authorization", "Bearer " + API_KEY.toUpperCase()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongKey.statusCode()).as(wrongKey.body()).isEqualTo(401);
        assertThat(wrongKey.body()).doesNotContain(API_KEY);

        // the same requests with the key succeed: the 401s above are the key, not a broken route
        assertThat(getJson("/api/calls", 200).get("items").isArray()).isTrue();
        assertThat(getJson("/api/agents", 200).get("items").isArray()).isTrue();
        // probes stay open for Kubernetes, and Twilio's webhooks answer to their signature alone (see above)
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create(stack.serviceUrl(StackService.CALL_GATEWAY) + "/q/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void frontDoorAnswersUnroutedPathsWithAProblem() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(stack.frontDoorUrl() + "/nowhere")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private void assertGreetingThenGather(CallStep step) {
        assertThat(step.status()).isEqualTo(200);
        TwimlVerb gather = gather(step.verbs());
        assertThat(gather.attr("input")).isEqualTo("speech");
        assertThat(gather.attr("action")).endsWith("/twilio/voice/gather");
        assertThat(names(flatten(step.verbs()))).as("greeting played from tts-service: " + step.responseBody())
                .contains("Play").doesNotContain("Say");
    }

    private static TwimlVerb gather(List<TwimlVerb> verbs) {
        return verbs.stream().filter(v -> v.name().equals("Gather")).findFirst()
                .orElseThrow(() -> new AssertionError("no <Gather> in " + names(verbs)));
    }

    /** Top-level verbs with the ones nested in a Gather, in document order. */
    private static List<TwimlVerb> flatten(List<TwimlVerb> verbs) {
        List<TwimlVerb> all = new java.util.ArrayList<>();
        for (TwimlVerb verb : verbs) {
            all.add(verb);
            all.addAll(flatten(verb.children()));
        }
        return all;
    }

    private static List<String> names(List<TwimlVerb> verbs) {
        return verbs.stream().map(TwimlVerb::name).toList();
    }

    private CallScript.Builder script() {
        return CallScript.builder(voiceUrl()).statusCallbackUrl(statusUrl()).from("+15551230001").to(AGENT_NUMBER);
    }

    private URI voiceUrl() {
        return URI.create(stack.publicBaseUrl() + "/twilio/voice");
    }

    private URI statusUrl() {
        return URI.create(stack.publicBaseUrl() + "/twilio/voice/status");
    }

    private JsonNode awaitCall(String callSid, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            last[0] = getJson("/api/calls/" + callSid, 200);
            assertThat(last[0].get("status").asText()).isEqualTo(status);
        });
        return last[0];
    }

    private JsonNode getJson(String path, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.frontDoorUrl() + path))
                .header("Accept", "application/json").header("Authorization", "Bearer " + API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    private JsonNode postJson(String path, Object body, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.frontDoorUrl() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }
}
