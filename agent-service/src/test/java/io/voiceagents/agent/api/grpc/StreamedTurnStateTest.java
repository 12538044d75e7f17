package io.voiceagents.agent.api.grpc;

import static io.voiceagents.agent.TestApi.given;
import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static io.voiceagents.agent.api.grpc.ConversationClient.callSid;
import static io.voiceagents.agent.api.grpc.ConversationClient.last;
import static io.voiceagents.agent.api.grpc.ConversationClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.voiceagents.contracts.agent.v1.ReplyChunk;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.contracts.agent.v1.ReplyRequest;

/**
 * What a streamed turn reads before its LLM request and stores while it is on its way: the agent as it is now
 * (cached, yet never stale), and the caller's words once per turn however the turn is retried.
 */
@QuarkusTest
class StreamedTurnStateTest extends StreamedConversationTest {

    private static final String FIRST = "You are the front desk of Acme Dental. Be brief.";
    private static final String SECOND = "You are the night desk of Acme Dental. Say we open at 9am.";

    @Inject
    DataSource dataSource;

    @Test
    void anAgentUpdateReachesTheCallsNextTurn() {
        Map<String, Object> body = body("Updated mid-call", randomNumber());
        String agentId = createAgent(body);
        String callSid = callSid();
        client.start(agentId, callSid);
        client.stream(callSid, "Hello", callSid + ":1");
        assertThat(systemInstruction()).contains(FIRST);

        body.put("instructions", SECOND);
        body.put("version", 1);
        given().contentType(ContentType.JSON).body(body).when().put("/api/agents/" + agentId).then()
                .statusCode(200).body("version", equalTo(2));
        client.stream(callSid, "When do you open?", callSid + ":2");

        assertThat(systemInstruction()).contains(SECOND).doesNotContain(FIRST);
    }

    /**
     * An agent changed on another replica (here: straight in the database) is seen at the next turn, because the
     * turn reads the agent's version with its conversation; until the version changes, the cached agent serves.
     */
    @Test
    void anAgentIsTakenFromTheCacheUntilItsVersionChanges() throws SQLException {
        String agentId = createAgent(body("Changed elsewhere", randomNumber()));
        String callSid = callSid();
        client.start(agentId, callSid);

        // The same version: the cached agent (this is how the test sees that turns do not read the agent).
        updateAgentRow(agentId, SECOND, false);
        client.stream(callSid, "Hello", callSid + ":1");
        assertThat(systemInstruction()).contains(FIRST).doesNotContain(SECOND);

        updateAgentRow(agentId, SECOND, true);
        client.stream(callSid, "When do you open?", callSid + ":2");
        assertThat(systemInstruction()).contains(SECOND).doesNotContain(FIRST);
    }

    @Test
    void concurrentAttemptsOfATurnStoreTheCallersWordsOnce() throws Exception {
        // A slow first token keeps the attempts overlapping: all read the turn before any reply is stored.
        gemini.setStreamTiming(Duration.ofMillis(300), Duration.ZERO);
        String agentId = createAgent(body("Retried at once", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();
        int attempts = 6;

        List<List<ReplyChunk>> replies = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<ReplyChunk>>> sent = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                sent.add(callers.submit(() -> client.stream(callSid, "Do you take insurance?", callSid + ":1")));
            }
            for (Future<List<ReplyChunk>> reply : sent) {
                replies.add(reply.get(20, TimeUnit.SECONDS));
            }
        }

        assertThat(replies).allSatisfy(chunks -> assertThat(last(chunks).getOutcome())
                .isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK));
        // Every attempt names the one stored reply, whichever attempt stored it.
        assertThat(replies.stream().map(chunks -> last(chunks).getMessageId()).distinct()).hasSize(1);
        assertThat(gemini.requestCount()).isBetween(1, attempts);
        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getList("messages.role")).containsExactly("assistant", "user", "assistant");
        assertThat(stored.getString("messages[1].text")).isEqualTo("Do you take insurance?");
        assertThat(stored.getString("messages[1].turnId")).isEqualTo(callSid + ":1");
        assertThat(stored.getString("messages[2].id")).isEqualTo(last(replies.get(0)).getMessageId());

        gemini.setStreamTiming(Duration.ZERO, Duration.ZERO);
        client.stream(callSid, "And dental plans?", callSid + ":2");
        assertThat(userTexts(gemini.lastRequest())).containsExactly("Do you take insurance?", "And dental plans?");
    }

    /**
     * The gateway gave up on a turn before any word came back (its caller's words are stored, its reply is not),
     * then asked again: the LLM is asked again, with the words once, after the history that preceded them.
     */
    @Test
    void aTurnRetriedAfterItsWordsWereStoredAsksAgainWithTheWordsOnce() {
        // Chunks far apart, so the emulator notices the dropped connection after the late first token.
        gemini.setStreamTiming(Duration.ofMillis(1500), Duration.ofMillis(100));
        gemini.setAnswerSuffix("word ".repeat(30).strip());
        String agentId = createAgent(body("Asked again", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();
        CompletableFuture<Throwable> cancelled = cancelOnceStored(request(callSid, "Are you open today?",
                callSid + ":1"), agentId, conversationId);
        assertThat(cancelled).succeedsWithin(Duration.ofSeconds(10))
                .satisfies(t -> assertThat(Status.fromThrowable(t).getCode()).isEqualTo(Status.Code.CANCELLED));
        // The abandoned request's first token finds its connection dropped; nothing of it is stored.
        await().atMost(Duration.ofSeconds(10)).until(() -> gemini.abandonedStreams() == 1);
        assertThat(conversation(agentId, conversationId).getList("messages")).hasSize(2);

        gemini.reset();
        List<ReplyChunk> retried = client.stream(callSid, "Are you open today?", callSid + ":1");

        assertThat(last(retried).getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
        assertThat(last(retried).getReplayed()).isFalse();
        assertThat(userTexts(gemini.lastRequest())).containsExactly("Are you open today?");
        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getList("messages.role")).containsExactly("assistant", "user", "assistant");
        assertThat(stored.getString("messages[2].id")).isEqualTo(last(retried).getMessageId());
    }

    /** Sends the request and cancels it as soon as the caller's words are stored. */
    private CompletableFuture<Throwable> cancelOnceStored(ReplyRequest request, String agentId,
            String conversationId) {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        CompletableFuture<ClientCallStreamObserver<ReplyRequest>> call = new CompletableFuture<>();
        client.async.streamReply(request, new ClientResponseObserver<ReplyRequest, ReplyChunk>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ReplyRequest> requestStream) {
                call.complete(requestStream);
            }

            @Override
            public void onNext(ReplyChunk chunk) {
                ended.completeExceptionally(new AssertionError("no chunk was expected: " + chunk));
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(t);
            }

            @Override
            public void onCompleted() {
                ended.completeExceptionally(new AssertionError("the reply was not expected to complete"));
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> conversation(agentId, conversationId)
                .getList("messages").size() == 2);
        call.join().cancel("the caller went on speaking", null);
        return ended;
    }

    private String systemInstruction() {
        return gemini.lastRequest().path("systemInstruction").toString();
    }

    private static List<String> userTexts(JsonNode prompt) {
        List<String> texts = new ArrayList<>();
        for (JsonNode content : prompt.path("contents")) {
            if ("user".equals(content.path("role").asText())) {
                texts.add(content.at("/parts/0/text").asText());
            }
        }
        return texts;
    }

    /** Changes the agent's row as another replica's update would, but with its version as told. */
    private void updateAgentRow(String agentId, String instructions, boolean newVersion) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("UPDATE agent.agents SET instructions = ?,"
                        + " version = version + ? WHERE id = ?")) {
            statement.setString(1, instructions);
            statement.setInt(2, newVersion ? 1 : 0);
            statement.setObject(3, UUID.fromString(agentId));
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private static JsonPath conversation(String agentId, String conversationId) {
        return given().when().get("/api/agents/" + agentId + "/conversations/" + conversationId).then()
                .statusCode(200).extract().jsonPath();
    }
}
