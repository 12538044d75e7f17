package io.voiceagents.agent.api.grpc;

import static io.voiceagents.agent.TestApi.given;
import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static io.voiceagents.agent.api.grpc.ConversationClient.callSid;
import static io.voiceagents.agent.api.grpc.ConversationClient.last;
import static io.voiceagents.agent.api.grpc.ConversationClient.request;
import static io.voiceagents.agent.api.grpc.ConversationClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.voiceagents.agent.GeminiEmulatorResource;
import io.voiceagents.agent.application.ReplyMetrics;
import io.voiceagents.contracts.agent.v1.ReplyChunk;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.contracts.agent.v1.ReplyRequest;
import io.voiceagents.testkit.gemini.GeminiEmulator;

/** StreamReply against the Gemini emulator: deltas, replays, cancellation, failures and time limits. */
@QuarkusTest
class StreamReplyTest extends StreamedConversationTest {

    private static final Logger LOG = Logger.getLogger(StreamReplyTest.class);
    private static final String APOLOGY = "Sorry, I had trouble with that. Could you say it again?";
    private static final String MORE = "Here is a second sentence. And here is a third one.";

    @Inject
    ReplyMetrics metrics;

    @Test
    void deltasArriveAsWrittenAndJoinToTheStoredReply() {
        gemini.setAnswerSuffix(MORE);
        gemini.setStreamTiming(Duration.ofMillis(300), Duration.ofMillis(20));
        String agentId = createAgent(body("Streamer", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();

        List<ReplyChunk> chunks = client.stream(callSid, "I need a cleaning", callSid + ":1");

        String expected = "[gemini-emulator] You said: I need a cleaning " + MORE;
        assertThat(text(chunks)).isEqualTo(expected);
        assertThat(chunks.size()).isGreaterThan(4);
        // Only the first text chunk carries the time to first token, measured at the LLM client.
        assertThat(chunks.get(0).getDelta()).isNotEmpty();
        assertThat(chunks.get(0).getLlmFirstTokenMs()).isBetween(250L, 5_000L);
        assertThat(chunks.subList(1, chunks.size())).allSatisfy(c -> assertThat(c.getLlmFirstTokenMs()).isZero());
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.getLast()).isFalse());
        ReplyChunk last = last(chunks);
        assertThat(last.getLast()).isTrue();
        assertThat(last.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
        assertThat(last.getMessageId()).isNotBlank();
        assertThat(last.getLlmLatencyMs()).isGreaterThanOrEqualTo(chunks.get(0).getLlmFirstTokenMs());
        assertThat(last.getReplayed()).isFalse();
        assertThat(last.getTransferTo()).isEmpty();
        assertThat(gemini.requestCount()).isEqualTo(1);

        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getList("messages.role")).containsExactly("assistant", "user", "assistant");
        assertThat(stored.getString("messages[2].text")).isEqualTo(expected);
        assertThat(stored.getString("messages[2].id")).isEqualTo(last.getMessageId());
        assertThat(stored.getString("messages[2].outcome")).isEqualTo("ok");
        assertThat(stored.getBoolean("messages[2].interrupted")).isFalse();
        assertThat(stored.getString("messages[1].turnId")).isEqualTo(callSid + ":1");
        assertThat(stored.getString("messages[0].turnId")).isEqualTo(callSid + ":0");
    }

    @Test
    void hundredsOfCancelledRepliesDoNotCloseTheConnectionOfTheOthers() throws Exception {
        // call-gateway cancels a reply at every barge-in and hang-up, all on one connection: Vert.x's HTTP/2 defaults
        // treat more than 200 resets in 30 s as an attack and close the connection, failing every reply on it
        gemini.setAnswerSuffix("word ".repeat(60).strip());
        gemini.setStreamTiming(Duration.ofMillis(100), Duration.ofMillis(60));
        String agentId = createAgent(body("Barged", randomNumber()));
        String survivorSid = callSid();
        client.start(agentId, survivorSid);
        CompletableFuture<ReplyOutcome> survivor = new CompletableFuture<>();
        client.async.streamReply(request(survivorSid, "Tell me everything", survivorSid + ":1"), new StreamObserver<>() {
            @Override
            public void onNext(ReplyChunk chunk) {
                if (chunk.getLast()) {
                    survivor.complete(chunk.getOutcome());
                }
            }

            @Override
            public void onError(Throwable t) {
                survivor.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });

        int asked = gemini.requestCount();
        for (int i = 0; i < 260; i++) {
            String callSid = callSid();
            client.start(agentId, callSid);
            ClientCallStreamObserver<ReplyRequest> call = client.startReply(request(callSid, "Hello?", callSid + ":1"),
                    status -> {
                    });
            // agent-service is asking the LLM: the caller talks over the agent (the stream is reset)
            int expected = asked + i + 1;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                    .until(() -> gemini.requestCount() >= expected);
            call.cancel("barge-in", null);
        }

        assertThat(survivor.get(20, TimeUnit.SECONDS)).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
    }

    @Test
    void theSameTurnIdReplaysTheStoredReplyAsOneChunk() {
        String agentId = createAgent(body("Replayer", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();
        List<ReplyChunk> first = client.stream(callSid, "Do you take insurance?", callSid + ":1");

        List<ReplyChunk> replay = client.stream(callSid, "Do you take insurance?", callSid + ":1");

        assertThat(gemini.requestCount()).isEqualTo(1);
        assertThat(replay).singleElement().satisfies(chunk -> {
            assertThat(chunk.getDelta()).isEqualTo(text(first));
            assertThat(chunk.getLast()).isTrue();
            assertThat(chunk.getReplayed()).isTrue();
            assertThat(chunk.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
            assertThat(chunk.getMessageId()).isEqualTo(last(first).getMessageId());
            assertThat(chunk.getLlmFirstTokenMs()).isZero();
        });
        assertThat(conversation(agentId, conversationId).getList("messages")).hasSize(3);
    }

    @Test
    void cancellingTheCallStopsTheLlmStreamAndStoresWhatWasGenerated() {
        String words = "word ".repeat(80).strip();
        gemini.setAnswerSuffix(words);
        gemini.setStreamTiming(Duration.ZERO, Duration.ofMillis(60));
        String agentId = createAgent(body("Interrupted", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();
        List<ReplyChunk> received = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Throwable> ended = new CompletableFuture<>();

        client.async.streamReply(request(callSid, "Tell me everything", callSid + ":1"),
                new ClientResponseObserver<ReplyRequest, ReplyChunk>() {
                    private ClientCallStreamObserver<ReplyRequest> call;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<ReplyRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(ReplyChunk chunk) {
                        received.add(chunk);
                        if (received.size() == 1) {
                            call.cancel("the caller barged in", null);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                });

        assertThat(ended).succeedsWithin(Duration.ofSeconds(10))
                .satisfies(t -> assertThat(Status.fromThrowable(t).getCode()).isEqualTo(Status.Code.CANCELLED));
        // The emulator sees its connection dropped: nobody reads the rest of the answer.
        await().atMost(Duration.ofSeconds(10)).until(() -> gemini.abandonedStreams() == 1);
        String full = "[gemini-emulator] You said: Tell me everything " + words;
        assertThat(gemini.streamChunksSent()).isLessThan(GeminiEmulator.chunks(full).size());
        // What was generated before the cancel is stored as the agent's message.
        await().atMost(Duration.ofSeconds(10)).until(() -> conversation(agentId, conversationId)
                .getList("messages").size() == 3);
        String stored = conversation(agentId, conversationId).getString("messages[2].text");
        assertThat(stored).startsWith(received.get(0).getDelta()).isNotEqualTo(full);
        assertThat(full).startsWith(stored);
        assertThat(gemini.requestCount()).isEqualTo(1);
    }

    @Test
    void aFailureBeforeTheFirstTokenIsRetriedOnceThenAnsweredWithTheApology() {
        String agentId = createAgent(body("Failing", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();
        gemini.setFailing(true);

        List<ReplyChunk> chunks = client.stream(callSid, "Hello?", callSid + ":1");

        assertThat(chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.getDelta()).isEqualTo(APOLOGY);
            assertThat(chunk.getLast()).isTrue();
            assertThat(chunk.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_FALLBACK);
            assertThat(chunk.getLlmFirstTokenMs()).isZero();
            assertThat(chunk.getMessageId()).isNotBlank();
        });
        assertThat(gemini.requestCount()).isEqualTo(2);
        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getString("messages[2].text")).isEqualTo(APOLOGY);
        assertThat(stored.getString("messages[2].outcome")).isEqualTo("fallback");

        // A request the provider refuses (400) is not retried.
        gemini.setFailing(false);
        gemini.failNext(1, 400);
        List<ReplyChunk> refused = client.stream(callSid, "Hello again?", callSid + ":2");
        assertThat(last(refused).getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_FALLBACK);
        assertThat(gemini.requestCount()).isEqualTo(3);
    }

    @Test
    void aFailureAfterSomeTextEndsWithWhatWasGeneratedThenTheApology() {
        gemini.setAnswerSuffix(MORE);
        gemini.failStreamAfterChunks(2);
        String agentId = createAgent(body("Broken", randomNumber()));
        String callSid = callSid();
        String conversationId = client.start(agentId, callSid).getConversationId();

        List<ReplyChunk> chunks = client.stream(callSid, "What are your hours?", callSid + ":1");

        ReplyChunk last = last(chunks);
        assertThat(last.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_FALLBACK);
        // The caller is not left with half a sentence and silence: the apology follows what was said.
        assertThat(last.getDelta().strip()).isEqualTo(APOLOGY);
        assertThat(chunks).hasSize(3);
        String said = text(chunks);
        assertThat(said).startsWith("[gemini-emulator] You said:").endsWith(APOLOGY).doesNotContain("third");
        // No retry once the caller may be hearing the reply.
        assertThat(gemini.requestCount()).isEqualTo(1);
        JsonPath stored = conversation(agentId, conversationId);
        assertThat(stored.getString("messages[2].text")).isEqualTo(said);
        assertThat(stored.getString("messages[2].outcome")).isEqualTo("fallback");
    }

    @Test
    void noFirstTokenWithinTheTimeoutGivesTheApology() {
        Duration timeout = Duration.parse("PT" + GeminiEmulatorResource.LLM_TIMEOUT.toUpperCase());
        gemini.setStreamTiming(timeout.multipliedBy(2), Duration.ofMillis(100));
        gemini.setAnswerSuffix("word ".repeat(30).strip());
        String agentId = createAgent(body("Slow starter", randomNumber()));
        String callSid = callSid();
        client.start(agentId, callSid);

        long started = System.nanoTime();
        List<ReplyChunk> chunks = client.stream(callSid, "Anyone there?", callSid + ":1");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(chunks).singleElement().satisfies(chunk -> {
            assertThat(chunk.getDelta()).isEqualTo(APOLOGY);
            assertThat(chunk.getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_FALLBACK);
        });
        assertThat(elapsed).isGreaterThanOrEqualTo(timeout.minusMillis(100)).isLessThan(timeout.plusMillis(2000));
        assertThat(gemini.requestCount()).isEqualTo(1);
        // langchain4j hands out its cancellation handle with the first token only: that is when the late
        // stream is dropped (and no later test sees this one still running).
        await().atMost(Duration.ofSeconds(15)).until(() -> gemini.abandonedStreams() == 1);
    }

    @Test
    void aStreamThatStallsMidReplyEndsWithWhatWasWritten() {
        Duration idle = Duration.ofMillis(1500);
        assertThat(GeminiEmulatorResource.STREAM_IDLE_TIMEOUT).isEqualTo("1500ms");
        gemini.setAnswerSuffix(MORE);
        gemini.setStreamTiming(Duration.ZERO, idle.multipliedBy(2));
        String agentId = createAgent(body("Staller", randomNumber()));
        String callSid = callSid();
        client.start(agentId, callSid);

        long started = System.nanoTime();
        List<ReplyChunk> chunks = client.stream(callSid, "Tell me", callSid + ":1");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        // The first words, then the end (the second event was due only after twice the idle limit).
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).getDelta()).isEqualTo("[gemini-emulator] You said: ");
        assertThat(last(chunks).getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_FALLBACK);
        assertThat(elapsed).isGreaterThanOrEqualTo(idle.minusMillis(100));
        // The stalled provider stream was dropped: its next event finds the connection closed.
        await().atMost(Duration.ofSeconds(15)).until(() -> gemini.abandonedStreams() == 1);
    }

    /**
     * Streams must not wait for one another: the provider's SSE parsing blocks a thread per stream, and a pool
     * too small for that (the JDK client hands it to the common pool) would play replies one after another.
     */
    @Test
    void concurrentRepliesStreamSideBySide() throws Exception {
        int calls = 8;
        Duration perChunk = Duration.ofMillis(250);
        gemini.setStreamTiming(Duration.ZERO, perChunk);
        gemini.setAnswerSuffix("one two three four five six seven eight nine");
        // 5 + 9 words in 3-word events: 5 events, 4 gaps of 250 ms: a reply takes at least one second.
        Duration oneReply = perChunk.multipliedBy(4);
        String agentId = createAgent(body("Busy", randomNumber()));
        List<String> callSids = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            callSids.add(callSid());
            client.start(agentId, callSids.get(i));
        }

        long started = System.nanoTime();
        List<CompletableFuture<List<ReplyChunk>>> replies = new ArrayList<>();
        for (String callSid : callSids) {
            replies.add(CompletableFuture.supplyAsync(() -> client.stream(callSid, "Hi there", callSid + ":1"),
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        for (CompletableFuture<List<ReplyChunk>> reply : replies) {
            assertThat(last(reply.get(30, TimeUnit.SECONDS)).getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        LOG.infof("%d concurrent streamed replies of >= %d ms each took %d ms", calls, oneReply.toMillis(),
                elapsed.toMillis());
        // One after another they would take 8 s; side by side about one.
        assertThat(elapsed).isLessThan(oneReply.multipliedBy(calls / 2));
    }

    @Test
    void streamRefusesUnknownCallsAndEmptyTurns() {
        assertStatus(() -> client.stream(callSid(), "Hello", "x:1"), Status.Code.NOT_FOUND);
        String callSid = callSid();
        client.start(createAgent(body("Refuser", randomNumber())), callSid);
        assertStatus(() -> client.stream(callSid, "   ", callSid + ":1"), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> client.stream(request(callSid, "", callSid + ":1").toBuilder().setDtmfDigits("12a").build()),
                Status.Code.INVALID_ARGUMENT);
        assertThat(gemini.requestCount()).isZero();
    }

    /**
     * agent-service's own time before each LLM request (one transaction and the prompt), from the metric it
     * exports. Logged for the record; the figure itself belongs to benchmarks, not to a test.
     */
    @Test
    void measuresItsOwnTimeBeforeTheLlmRequest() {
        Timer timer = metrics.timer("stream-reply");
        long before = timer.count();
        String callSid = callSid();
        client.start(createAgent(body("Measured", randomNumber())), callSid);
        int turns = 40;
        for (int i = 1; i <= turns; i++) {
            assertThat(last(client.stream(callSid, "Turn number " + i, callSid + ":" + i)).getOutcome())
                    .isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
        }
        assertThat(timer.count() - before).isEqualTo(turns);
        StringBuilder percentiles = new StringBuilder();
        for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
            percentiles.append(String.format(" p%.0f=%.2fms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
        }
        LOG.infof("agent-service time before the LLM request (StreamReply, %d turns):%s, max=%.2fms", turns,
                percentiles, timer.max(TimeUnit.MILLISECONDS));
        assertThat(timer.takeSnapshot().percentileValues()).isNotEmpty();
    }

    private static JsonPath conversation(String agentId, String conversationId) {
        return given().when().get("/api/agents/" + agentId + "/conversations/" + conversationId).then()
                .statusCode(200).extract().jsonPath();
    }

    static void assertStatus(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }
}
