package io.voiceagents.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.voiceagents.testkit.twilio.CallProgressResult;
import io.voiceagents.testkit.twilio.CalleeBehaviour;
import io.voiceagents.testkit.twilio.CallStep;
import io.voiceagents.testkit.twilio.HeardItem;
import io.voiceagents.testkit.twilio.RestCall;
import io.voiceagents.testkit.twilio.TwilioCallProgress;
import io.voiceagents.testkit.twilio.TwilioRestEmulator;
import io.voiceagents.testkit.twilio.TwimlVerb;

/**
 * Single outbound calls through the whole suite: placed with {@code POST /api/calls/outbound} on the front door,
 * dialed by the real outbound-service through the official Twilio SDK against the sandbox's Twilio REST emulator,
 * answered by the sandbox phone network ({@link SandboxCallees}), whose signed webhooks and status callbacks reach
 * the real call-gateway, agent-service and tts-service; the status comes back to outbound-service over Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboundCallEndToEndTest {

    private static final String AGENT_NUMBER = "+15005550140";
    private static final String API_KEY = "e2e-outbound-api-key-0123456789abcdef";
    private static final String VOICEMAIL = "Hello, this is the bakery. Your order is ready for pick-up. Goodbye.";
    private static final List<String> STATUS_ORDER = List.of("queued", "dialing", "ringing", "in-progress");

    private OutboundSandbox sandbox;
    private LocalStack stack;
    private KafkaEventLog events;
    private FrontDoorClient api;
    private TwilioRestEmulator twilio;
    private TwilioCallProgress network;
    private String agentId;

    @BeforeAll
    void startSuite() {
        sandbox = OutboundSandbox.start("voiceagents-e2e-outbound", API_KEY);
        stack = sandbox.stack;
        twilio = sandbox.twilio;
        network = sandbox.network;
        events = sandbox.events;
        api = sandbox.api;

        JsonNode agent = api.postJson("/api/agents", Map.of(
                "name", "Outbound bakery agent",
                "instructions", "You call the bakery's customers about their orders.\n"
                        + "FACT: Orders can be picked up from 7 am to 6 pm.",
                "greeting", "Hello, this is the bakery calling.",
                "voice", "en-US-Neural2-F",
                "language", "en-US",
                "phoneNumbers", List.of(AGENT_NUMBER),
                "callMode", "gather",
                "machineAction", "leave-message",
                "voicemailMessage", VOICEMAIL), 201);
        agentId = agent.get("id").asText();
    }

    @AfterAll
    void stopSuite() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void answeredCallHearsTheInitialMessageConversesAndIsTrackedToCompleted() {
        String token = "T" + Long.toHexString(System.nanoTime());
        String initialMessage = "Hello Ada, this is the bakery calling about order " + token + ".";
        String to = "+14155550142"; // no sandbox rule: a person answers after ~1 s and says two sentences
        JsonNode created = place(Map.of("to", to, "agentId", agentId, "initialMessage", initialMessage,
                "metadata", Map.of("orderId", token, "customer", "Ada")), UUID.randomUUID().toString(), 201);
        String id = created.get("id").asText();
        assertThat(created.get("status").asText()).as("nothing is dialed in the request").isEqualTo("queued");
        assertThat(created.get("from").asText()).isEqualTo(AGENT_NUMBER);

        JsonNode call = awaitOutbound(id, "completed");
        String callSid = call.get("callSid").asText();
        assertThat(callSid).startsWith("CA");
        Instant dialed = instant(call, "dialedAt");
        Instant ringing = instant(call, "ringingAt");
        Instant answered = instant(call, "answeredAt");
        Instant ended = instant(call, "endedAt");
        assertThat(dialed).isBeforeOrEqualTo(ringing);
        assertThat(ringing).isBeforeOrEqualTo(answered);
        assertThat(answered).isBeforeOrEqualTo(ended);
        assertThat(call.get("durationSeconds").asLong()).isPositive();
        assertThat(call.path("answeredBy").isNull()).as("no machine detection was asked for").isTrue();

        // what the callee experienced: the signed outbound webhook, the initial message played, two turns
        CallProgressResult result = network.awaitResult(callSid, Duration.ofSeconds(20));
        assertThat(result.errors()).isEmpty();
        assertThat(result.finalStatus()).isEqualTo("completed");
        assertThat(result.callbackStatuses()).contains("initiated", "ringing", "in-progress", "completed");
        List<CallStep> steps = result.conversation().steps();
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).url()).contains("/twilio/voice/outbound?").contains("oc=" + id)
                .contains("agent=" + agentId);
        assertThat(steps.get(0).status()).isEqualTo(200);
        assertThat(steps.get(1).params()).containsEntry("SpeechResult", SandboxCallees.PERSON_SAYS.get(0));
        HeardItem first = result.conversation().heard().get(0);
        assertThat(first.kind()).as(steps.get(0).responseBody()).isEqualTo(HeardItem.Kind.PLAY);
        assertThat(first.audio().valid()).as(first.audio().problem()).isTrue();
        assertThat(stack.ttsEmulator().orElseThrow().receivedRequests())
                .as("the initial message, not the greeting, was synthesized for the callee")
                .anySatisfy(r -> assertThat(r.getInput().getText()).isEqualTo(initialMessage));

        // call-gateway stored the call as outbound, with the initial message as turn 0
        JsonNode stored = api.get("/api/calls/" + callSid, 200);
        assertThat(stored.get("status").asText()).isEqualTo("completed");
        assertThat(stored.get("outboundCallId").asText()).isEqualTo(id);
        assertThat(stored.get("agentId").asText()).isEqualTo(agentId);
        assertThat(stored.get("direction").asText()).isEqualTo("outbound-api");
        JsonNode transcript = stored.get("transcript");
        assertThat(transcript).hasSize(3);
        assertThat(transcript.get(0).get("agentText").asText()).isEqualTo(initialMessage);
        assertThat(transcript.get(1).get("callerText").asText()).isEqualTo(SandboxCallees.PERSON_SAYS.get(0));
        assertThat(transcript.get(1).get("agentText").asText()).startsWith("[gemini-emulator]");

        // agent-service started the conversation with the call's metadata
        JsonNode conversation = conversationOf(callSid);
        assertThat(conversation.at("/metadata/orderId").asText()).isEqualTo(token);

        // published: the outbound call's life, forward only, ended once; call events carry the outbound id
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(types(events.outboundCallEvents(id)))
                .contains("QUEUED", "ENDED"));
        List<JsonNode> outboundEvents = events.outboundCallEvents(id);
        assertThat(types(outboundEvents)).first().isEqualTo("QUEUED");
        assertThat(types(outboundEvents)).containsOnlyOnce("QUEUED", "ENDED");
        assertStatusesMoveForward(outboundEvents);
        JsonNode endedEvent = outboundEvents.stream().filter(e -> e.get("type").asText().equals("ENDED"))
                .findFirst().orElseThrow();
        assertThat(endedEvent.get("status").asText()).isEqualTo("completed");
        assertThat(endedEvent.get("callSid").asText()).isEqualTo(callSid);
        assertThat(endedEvent.get("agentId").asText()).isEqualTo(agentId);
        assertThat(endedEvent.get("durationSeconds").asLong()).isPositive();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events.callEvents(callSid))
                .extracting(e -> e.get("type").asText()).contains("ENDED"));
        assertThat(events.callEvents(callSid)).allSatisfy(e -> assertThat(e.get("outboundCallId").asText()).isEqualTo(id));
    }

    @Test
    void answeringMachineGetsTheVoicemailMessageAndTheCallEnds() {
        String to = "+14155553333"; // sandbox rule: an answering machine
        String id = place(Map.of("to", to, "agentId", agentId, "machineDetection", true),
                UUID.randomUUID().toString(), 201).get("id").asText();

        JsonNode call = awaitOutbound(id, "completed");
        String callSid = call.get("callSid").asText();
        assertThat(call.get("answeredBy").asText()).startsWith("machine_");
        RestCall atTwilio = twilio.call(callSid).orElseThrow();
        assertThat(atTwilio.machineDetection()).as("leave-message waits for the beep").isEqualTo("DetectMessageEnd");

        CallProgressResult result = network.awaitResult(callSid, Duration.ofSeconds(20));
        assertThat(result.errors()).isEmpty();
        assertThat(result.answeredBy()).isEqualTo("machine_end_beep");
        CallStep answer = result.conversation().steps().get(0);
        assertThat(answer.params()).containsEntry("AnsweredBy", "machine_end_beep");
        assertThat(answer.verbs()).extracting(TwimlVerb::name).as(answer.responseBody())
                .doesNotContain("Gather").last().isEqualTo("Hangup");
        assertThat(result.conversation().heard()).extracting(HeardItem::kind).containsExactly(HeardItem.Kind.PLAY);
        assertThat(result.conversation().steps()).hasSize(1);

        JsonNode transcript = api.get("/api/calls/" + callSid, 200).get("transcript");
        assertThat(transcript).hasSize(1);
        assertThat(transcript.get(0).get("outcome").asText()).isEqualToIgnoringCase("VOICEMAIL");
        assertThat(transcript.get(0).get("agentText").asText()).isEqualTo(VOICEMAIL);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events.outboundCallEvents(id))
                .anySatisfy(e -> {
                    assertThat(e.get("type").asText()).isEqualTo("ENDED");
                    assertThat(e.get("answeredBy").asText()).startsWith("machine_");
                }));
    }

    @Test
    void busyNumberEndsBusyWithoutTheWebhook() {
        String to = "+14155551111"; // sandbox rule: busy
        String id = place(Map.of("to", to, "agentId", agentId), UUID.randomUUID().toString(), 201).get("id").asText();

        JsonNode call = awaitOutbound(id, "busy");
        assertThat(call.get("callSid").asText()).startsWith("CA");
        assertThat(call.path("answeredAt").isNull()).isTrue();
        CallProgressResult result = network.awaitResult(call.get("callSid").asText(), Duration.ofSeconds(10));
        assertThat(result.finalStatus()).isEqualTo("busy");
        assertThat(result.voiceUrlRequested()).isFalse();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events.outboundCallEvents(id))
                .anySatisfy(e -> assertThat(e.get("status").asText()).isEqualTo("busy")));
    }

    @Test
    void invalidNumberFailsWithTwiliosReasonAndNothingRings() {
        String id = place(Map.of("to", SandboxCallees.INVALID_NUMBER, "agentId", agentId),
                UUID.randomUUID().toString(), 201).get("id").asText();

        JsonNode call = awaitOutbound(id, "failed");
        assertThat(call.get("twilioErrorCode").asInt()).isEqualTo(21211);
        assertThat(call.get("failureReason").asText()).isNotBlank();
        assertThat(call.path("callSid").isNull()).isTrue();
        assertThat(twilio.createdCalls()).noneMatch(c -> c.to().equals(SandboxCallees.INVALID_NUMBER));
    }

    @Test
    void reusedIdempotencyKeyReturnsTheSameCallAndDialsOnce() throws InterruptedException {
        String to = "+14155550143";
        network.route(to, CalleeBehaviour.answer().answeredAfter(Duration.ofMillis(200)));
        String key = "order-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("to", to, "agentId", agentId, "initialMessage", "Your order is ready.");

        JsonNode first = place(body, key, 201);
        JsonNode again = place(body, key, 200);
        assertThat(again.get("id").asText()).isEqualTo(first.get("id").asText());
        FrontDoorClient.Answer conflicting = api.postJson("/api/calls/outbound",
                Map.of("to", to, "agentId", agentId, "initialMessage", "Something else."),
                Map.of("Idempotency-Key", key));
        assertThat(conflicting.status()).as(conflicting.body()).isEqualTo(409);
        assertThat(conflicting.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        awaitOutbound(first.get("id").asText(), "completed");
        place(body, key, 200); // after the call ended, too
        Thread.sleep(1500); // a second dial, if any, would have been created by now
        assertThat(twilio.timeline().creationsPerTo()).containsEntry(to, 1);
    }

    @Test
    void cancelingARingingCallCancelsItAtTwilio() {
        String to = "+14155550144";
        network.route(to, CalleeBehaviour.noAnswer()); // rings until the ring time-out: time enough to cancel
        String id = place(Map.of("to", to, "agentId", agentId), UUID.randomUUID().toString(), 201).get("id").asText();
        String callSid = awaitOutbound(id, "ringing").get("callSid").asText();

        FrontDoorClient.Answer canceled = api.delete("/api/calls/outbound/" + id);
        assertThat(canceled.status()).as(canceled.body()).isEqualTo(200);
        assertThat(canceled.json().get("status").asText()).isEqualTo("canceled");
        assertThat(twilio.call(callSid).orElseThrow().status()).isEqualTo("canceled");
        CallProgressResult result = network.awaitResult(callSid, Duration.ofSeconds(10));
        assertThat(result.finalStatus()).isEqualTo("canceled");
        assertThat(result.voiceUrlRequested()).isFalse();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(types(events.outboundCallEvents(id)))
                .containsOnlyOnce("ENDED"));
        assertThat(api.get("/api/calls/outbound/" + id, 200).get("status").asText()).isEqualTo("canceled");
        FrontDoorClient.Answer again = api.delete("/api/calls/outbound/" + id);
        assertThat(again.status()).as("an ended call cannot be canceled: " + again.body()).isEqualTo(409);
    }

    @Test
    void bannerShowsTheOutboundExampleAndTheSandboxNumbers() {
        String banner = Banner.render(stack);
        assertThat(banner).contains(stack.frontDoorUrl() + "/api/calls/outbound")
                .contains("Authorization: Bearer $API_KEY")
                .contains(SandboxCallees.INVALID_NUMBER)
                .contains(twilio.baseUrl());
        SandboxCallees.RULES.forEach(rule -> assertThat(banner).contains(rule.example()));
    }

    // ---- helpers ----

    private JsonNode place(Map<String, Object> body, String idempotencyKey, int expectedStatus) {
        return FrontDoorClient.expect(api.postJson("/api/calls/outbound", body, Map.of("Idempotency-Key", idempotencyKey)),
                "/api/calls/outbound", expectedStatus).json();
    }

    private JsonNode awaitOutbound(String id, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last[0] = api.get("/api/calls/outbound/" + id, 200);
            assertThat(last[0].get("status").asText()).as(last[0].toString()).isEqualTo(status);
        });
        return last[0];
    }

    private JsonNode conversationOf(String callSid) {
        for (JsonNode c : api.get("/api/agents/" + agentId + "/conversations", 200).get("items")) {
            if (callSid.equals(c.get("callSid").asText())) {
                return api.get("/api/agents/" + agentId + "/conversations/" + c.get("id").asText(), 200);
            }
        }
        throw new AssertionError("agent-service has no conversation for " + callSid);
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    /** Statuses of the events never go back (queued → dialing → ringing → in-progress → final). */
    private static void assertStatusesMoveForward(List<JsonNode> events) {
        int rank = -1;
        for (JsonNode e : events) {
            String status = e.get("status").asText();
            int r = STATUS_ORDER.contains(status) ? STATUS_ORDER.indexOf(status) : STATUS_ORDER.size();
            assertThat(r).as("status %s after a later one in %s", status, events).isGreaterThanOrEqualTo(rank);
            rank = r;
        }
    }

    private static Instant instant(JsonNode node, String field) {
        assertThat(node.hasNonNull(field)).as(field + " in " + node).isTrue();
        return Instant.parse(node.get(field).asText());
    }
}
