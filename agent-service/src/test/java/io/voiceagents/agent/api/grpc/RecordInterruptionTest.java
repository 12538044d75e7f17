package io.voiceagents.agent.api.grpc;

import static io.voiceagents.agent.TestApi.given;
import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static io.voiceagents.agent.api.grpc.ConversationClient.callSid;
import static io.voiceagents.agent.api.grpc.ConversationClient.last;
import static io.voiceagents.agent.api.grpc.ConversationClient.text;
import static io.voiceagents.agent.api.grpc.StreamReplyTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.voiceagents.contracts.agent.v1.ReplyChunk;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;

/** RecordInterruption: the agent's message keeps what the caller heard, and the next prompt sees only that. */
@QuarkusTest
class RecordInterruptionTest extends StreamedConversationTest {

    private static final String GREETING = "Hello, Acme Dental, how can I help?";
    private static final String MORE = "Here is a second sentence. And here is a third one.";

    @Test
    void theNextPromptHoldsOnlyWhatTheCallerHeard() {
        gemini.setAnswerSuffix(MORE);
        String agentId = createAgent(body("Barged", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();
        List<ReplyChunk> reply = client.stream(callSid, "Tell me about cleanings", callSid + ":1");
        String full = text(reply);
        String heard = "[gemini-emulator] You said: Tell me about cleanings Here is a second sentence.";
        assertThat(full).startsWith(heard).endsWith("third one.");

        assertThat(client.interrupt(callSid, callSid + ":1", heard)).isTrue();
        assertThat(client.interrupt(callSid, callSid + ":1", heard)).as("idempotent").isTrue();
        // The greeting (turn 0) can be interrupted too.
        assertThat(client.interrupt(callSid, callSid + ":0", "Hello, Acme Dental")).isTrue();

        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getString("messages[2].text")).isEqualTo(heard);
        assertThat(stored.getBoolean("messages[2].interrupted")).isTrue();
        assertThat(stored.getString("messages[2].generatedText")).isEqualTo(full);
        assertThat(stored.getString("messages[2].id")).isEqualTo(last(reply).getMessageId());
        assertThat(stored.getString("messages[0].text")).isEqualTo("Hello, Acme Dental");
        assertThat(stored.getString("messages[0].generatedText")).isEqualTo(GREETING);
        assertThat(stored.getBoolean("messages[1].interrupted")).isFalse();

        client.stream(callSid, "And whitening?", callSid + ":2");

        JsonNode prompt = gemini.lastRequest();
        String system = prompt.path("systemInstruction").toString();
        assertThat(system).contains("Hello, Acme Dental [the caller interrupted you here]")
                .doesNotContain("how can I help");
        JsonNode agentTurn = prompt.path("contents").get(1);
        assertThat(agentTurn.path("role").asText()).isEqualTo("model");
        assertThat(agentTurn.at("/parts/0/text").asText()).isEqualTo(heard + " [the caller interrupted you here]");
        assertThat(prompt.toString()).doesNotContain("third one");
    }

    @Test
    void anInterruptionReportedBeforeTheReplyIsStoredIsKept() throws Exception {
        gemini.setStreamTiming(Duration.ofMillis(1500), Duration.ZERO);
        String agentId = createAgent(body("Early", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();
        CompletableFuture<List<ReplyChunk>> streaming = CompletableFuture.supplyAsync(
                () -> client.stream(callSid, "Are you open today?", callSid + ":1"));
        // The caller's words are stored before the LLM is asked: the turn is known, its reply not yet.
        await().atMost(Duration.ofSeconds(5)).until(() -> conversation(agentId, conversationId)
                .getList("messages").size() == 2);

        assertThat(client.interrupt(callSid, callSid + ":1", "")).isTrue();
        List<ReplyChunk> reply = streaming.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(last(reply).getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getList("messages")).hasSize(3);
        assertThat(stored.getString("messages[2].text")).isEmpty();
        assertThat(stored.getBoolean("messages[2].interrupted")).isTrue();
        assertThat(stored.getString("messages[2].generatedText")).isEqualTo(text(reply));
        assertThat(stored.getString("messages[2].id")).isEqualTo(last(reply).getMessageId());

        gemini.setStreamTiming(Duration.ZERO, Duration.ZERO);
        client.stream(callSid, "Hello?", callSid + ":2");
        assertThat(gemini.lastRequest().path("contents").get(1).at("/parts/0/text").asText())
                .isEqualTo("[the caller interrupted you before you said anything]");
    }

    @Test
    void unknownTurnsAndCallsChangeNothing() {
        String agentId = createAgent(body("Untouched", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();

        assertThat(client.interrupt(callSid, callSid + ":7", "anything")).isFalse();
        assertThat(client.interrupt(callSid(), "CAnone:0", "anything")).isFalse();
        assertStatus(() -> client.interrupt(callSid, " ", "anything"), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> client.interrupt("", callSid + ":0", "anything"), Status.Code.INVALID_ARGUMENT);

        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getList("messages")).hasSize(1);
        assertThat(stored.getBoolean("messages[0].interrupted")).isFalse();
        assertThat(stored.getString("messages[0].text")).isEqualTo(GREETING);
    }

    private static JsonPath conversation(String agentId, String conversationId) {
        return given().when().get("/api/agents/" + agentId + "/conversations/" + conversationId).then()
                .statusCode(200).extract().jsonPath();
    }
}
