package io.voiceagents.gateway;

import static io.voiceagents.gateway.support.FakeBackendsResource.AGENT;
import static io.voiceagents.gateway.support.FakeBackendsResource.TTS;
import static io.voiceagents.gateway.support.TestApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.voiceagents.gateway.application.CallToken;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.FakeBackendsResource;
import io.voiceagents.gateway.support.TestSocket;
import io.voiceagents.gateway.support.Webhooks;
import io.voiceagents.testkit.infra.InfraTestResource;

/**
 * The ConversationRelay socket end to end: a real WebSocket client speaking Twilio's side of the protocol (signed
 * upgrade, setup with the call token, prompts, an interrupt) against the running gateway and fake agent-service.
 */
@QuarkusTest
@QuarkusTestResource(value = InfraTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeBackendsResource.class, restrictToAnnotatedClass = false)
class ConversationRelayEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @BeforeEach
    void reset() {
        AGENT.reset();
        TTS.reset();
    }

    @Test
    void promptsAreAnsweredTokenByTokenAndAnInterruptKeepsOnlyWhatWasHeard() throws Exception {
        String callSid = answeredCall();
        try (TestSocket twilio = TestSocket.openSignedByTwilio("/twilio/relay")) {
            twilio.send(setup(callSid, CallToken.issue(Webhooks.AUTH_TOKEN, callSid)));
            twilio.send("this is not json");
            twilio.send("{\"type\":\"prompt\",\"voicePrompt\":\"What are your\",\"lang\":\"en-US\",\"last\":false}");
            twilio.send("{\"type\":\"prompt\",\"voicePrompt\":\" opening hours?\",\"lang\":\"en-US\",\"last\":true}");

            assertThat(tokens(twilio, 4)).containsExactly("You |false", "said: |false", "What are your opening hours?|false",
                    "|true");

            AGENT.streamScript(request -> FakeAgentService.StreamPlan.of(List.of(FakeAgentService.delta(
                    "We have pasta, ", 30), FakeAgentService.delta("pizza, ", 0))).thenHold());
            twilio.send("{\"type\":\"prompt\",\"voicePrompt\":\"What is on the menu?\",\"lang\":\"en-US\",\"last\":true}");
            assertThat(tokens(twilio, 2)).containsExactly("We have pasta, |false", "pizza, |false");
            twilio.send("{\"type\":\"interrupt\",\"utteranceUntilInterrupt\":\"We have pasta,\","
                    + "\"durationUntilInterruptMs\":900}");

            String interruptedTurn = Turn.turnId(callSid, 2);
            await().atMost(WAIT).until(() -> AGENT.cancelledStreams.contains(interruptedTurn));
            await().atMost(WAIT).until(() -> AGENT.interruptions.stream()
                    .anyMatch(r -> r.getTurnId().equals(interruptedTurn) && r.getHeardText().equals("We have pasta,")));
        }
        JsonPath stored = await().atMost(WAIT).until(() -> given().get("/api/calls/" + callSid).then().statusCode(200)
                .extract().jsonPath(), json -> json.getList("transcript").size() == 3);
        assertThat(stored.getString("transcript[1].callerText")).isEqualTo("What are your opening hours?");
        assertThat(stored.getString("transcript[1].agentText")).isEqualTo("You said: What are your opening hours?");
        assertThat(stored.getBoolean("transcript[1].interrupted")).isFalse();
        assertThat(stored.getLong("transcript[1].latency.llmFirstTokenMs")).isEqualTo(35);
        assertThat(stored.getLong("transcript[1].latency.firstAudioMs")).isNotNegative();
        assertThat(stored.getString("transcript[1].latency.sttFinalMs")).isNull();
        assertThat(stored.getString("transcript[2].agentText")).isEqualTo("We have pasta,");
        assertThat(stored.getBoolean("transcript[2].interrupted")).isTrue();
        assertThat(AGENT.streamRequests).extracting(r -> r.getTurnId())
                .containsExactly(Turn.turnId(callSid, 1), Turn.turnId(callSid, 2));
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("gateway_relay_turn_latency_seconds_count\\{stage=\"llm_first_token\"\\} [1-9]")
                .containsPattern("gateway_relay_turn_latency_seconds_count\\{stage=\"server_added\"\\} [1-9]");
    }

    @Test
    void anInterruptAfterTheReplyWasGeneratedTruncatesTheStoredTurn() throws Exception {
        String callSid = answeredCall();
        try (TestSocket twilio = TestSocket.openSignedByTwilio("/twilio/relay")) {
            twilio.send(setup(callSid, CallToken.issue(Webhooks.AUTH_TOKEN, callSid)));
            twilio.send("{\"type\":\"prompt\",\"voicePrompt\":\"Tell me everything\",\"lang\":\"en-US\",\"last\":true}");
            assertThat(tokens(twilio, 4)).endsWith("|true");
            // Twilio was still speaking the complete reply when the caller cut in
            await().atMost(WAIT).until(() -> given().get("/api/calls/" + callSid).then().extract().jsonPath()
                    .getList("transcript").size() == 2);
            twilio.send("{\"type\":\"interrupt\",\"utteranceUntilInterrupt\":\"You said:\",\"durationUntilInterruptMs\":700}");

            await().atMost(WAIT).until(() -> given().get("/api/calls/" + callSid).then().extract().jsonPath()
                    .getBoolean("transcript[1].interrupted"));
        }
        JsonPath stored = given().get("/api/calls/" + callSid).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("transcript[1].agentText")).isEqualTo("You said:");
        assertThat(AGENT.interruptions).singleElement().satisfies(r -> {
            assertThat(r.getTurnId()).isEqualTo(Turn.turnId(callSid, 1));
            assertThat(r.getHeardText()).isEqualTo("You said:");
        });
    }

    @Test
    void anAgentThatEndsTheCallEndsTheSessionWithHandoffData() throws Exception {
        String callSid = answeredCall();
        try (TestSocket twilio = TestSocket.openSignedByTwilio("/twilio/relay")) {
            twilio.send(setup(callSid, CallToken.issue(Webhooks.AUTH_TOKEN, callSid)));
            twilio.send("{\"type\":\"prompt\",\"voicePrompt\":\"Thanks, bye\",\"lang\":\"en-US\",\"last\":true}");

            assertThat(tokens(twilio, 3)).containsExactly("Goodbye, |false", "thanks for calling.|false", "|true");
            JsonNode end = JSON.readTree(twilio.next());
            assertThat(end.path("type").asText()).isEqualTo("end");
            assertThat(JSON.readTree(end.path("handoffData").asText()))
                    .isEqualTo(JSON.readTree("{\"reasonCode\":\"end-call\"}"));
        }
    }

    @Test
    void keysPressedReachTheAgentAsDtmfAndATransferEndsWithTheNumber() throws Exception {
        String callSid = answeredCall();
        try (TestSocket twilio = TestSocket.openSignedByTwilio("/twilio/relay")) {
            twilio.send(setup(callSid, CallToken.issue(Webhooks.AUTH_TOKEN, callSid)));
            twilio.send("{\"type\":\"dtmf\",\"digit\":\"7\"}");
            twilio.send("{\"type\":\"dtmf\",\"digit\":\"#\"}");
            assertThat(tokens(twilio, 3)).containsExactly("You pressed |false", "7|false", "|true");

            twilio.send("{\"type\":\"prompt\",\"voicePrompt\":\"Transfer me to a person\",\"lang\":\"en-US\",\"last\":true}");
            assertThat(tokens(twilio, 3)).containsExactly("Transferring you |false", "now.|false", "|true");
            JsonNode end = JSON.readTree(twilio.next());
            assertThat(JSON.readTree(end.path("handoffData").asText())).isEqualTo(JSON.readTree(
                    "{\"reasonCode\":\"transfer\",\"transferTo\":\"" + FakeAgentService.TRANSFER_NUMBER + "\"}"));
        }
        assertThat(AGENT.streamRequests.get(0).getDtmfDigits()).isEqualTo("7");
    }

    @Test
    void aSessionWithABadTokenIsClosedWithAReason() {
        String callSid = answeredCall();
        try (TestSocket twilio = TestSocket.openSignedByTwilio("/twilio/relay")) {
            twilio.send(setup(callSid, CallToken.issue(Webhooks.AUTH_TOKEN, "CA-some-other-call")));

            TestSocket.Close close = twilio.awaitClose();
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reason()).isEqualTo("invalid call token");
        }
        assertThat(AGENT.streamRequests).isEmpty();
    }

    @Test
    void anUnknownCallIsClosedWithAReason() {
        String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
        try (TestSocket twilio = TestSocket.openSignedByTwilio("/twilio/relay")) {
            twilio.send(setup(callSid, CallToken.issue(Webhooks.AUTH_TOKEN, callSid)));

            assertThat(twilio.awaitClose()).isEqualTo(new TestSocket.Close(1008, "unknown call"));
        }
    }

    /** A call answered by the test agent (voice webhook): stored with its greeting as turn 0. */
    private static String answeredCall() {
        String callSid = "CA" + UUID.randomUUID().toString().replace("-", "");
        Webhooks.post("/twilio/voice", Webhooks.voiceParams(callSid, FakeAgentService.AGENT_NUMBER)).then().statusCode(200);
        return callSid;
    }

    private static String setup(String callSid, String token) {
        return """
                {"type":"setup","sessionId":"VX%s","accountSid":"%s","callSid":"%s","from":"+15005550006",
                 "to":"%s","direction":"inbound","callStatus":"IN-PROGRESS","customParameters":{"token":"%s"}}"""
                .formatted(callSid.substring(2), Webhooks.ACCOUNT_SID, callSid, FakeAgentService.AGENT_NUMBER, token);
    }

    /** The next {@code n} text frames as "token|last". */
    private static List<String> tokens(TestSocket socket, int n) throws Exception {
        String[] tokens = new String[n];
        for (int i = 0; i < n; i++) {
            JsonNode frame = JSON.readTree(socket.next());
            assertThat(frame.path("type").asText()).as("frame %d: %s", i, frame).isEqualTo("text");
            tokens[i] = frame.path("token").asText() + "|" + frame.path("last").asBoolean();
        }
        return List.of(tokens);
    }
}
