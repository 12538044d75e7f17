package io.voiceagents.agent.api.grpc;

import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static io.voiceagents.agent.api.grpc.ConversationClient.callSid;
import static io.voiceagents.agent.api.grpc.ConversationClient.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.grpc.stub.ClientCallStreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.contracts.agent.v1.ReplyRequest;

/**
 * call-gateway resets StreamReply streams at every barge-in and hang-up, at any moment of a reply, many at once on
 * one connection. Whatever the moment, a reset must end only its own stream: the others on the connection go on.
 * With Quarkus's unified gRPC server (Vert.x's, {@code use-separate-server=false}) this failed in about every other
 * run: the server answered a stream the client had just reset and closed the connection with GOAWAY PROTOCOL_ERROR
 * ("Request stream N is not correct for server connection"). The test profile caps the HTTP server's concurrent
 * streams at 5 ({@code quarkus.http.limits.max-concurrent-streams}), which made that failure show up within a few
 * rounds; it does not apply to the separate gRPC server the service now uses.
 */
@QuarkusTest
class GrpcResetsTest extends StreamedConversationTest {

    private static final int CALLS = 100;
    private static final int ROUNDS = 25;

    @Test
    void resetsAtAnyMomentEndOnlyTheirOwnStream() throws Exception {
        gemini.setAnswerSuffix("word ".repeat(20).strip());
        gemini.setStreamTiming(Duration.ofMillis(5), Duration.ofMillis(2));
        String agentId = createAgent(body("Barged", randomNumber()));
        List<String> callSids = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String callSid = callSid();
            client.start(agentId, callSid);
            callSids.add(callSid);
        }
        Random random = new Random(42);
        Map<String, AtomicInteger> endings = new ConcurrentHashMap<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                // a fresh connection each round, as after a restart of either side
                try (ConversationClient connection = new ConversationClient()) {
                    CountDownLatch ended = new CountDownLatch(CALLS);
                    for (String callSid : callSids) {
                        ClientCallStreamObserver<ReplyRequest> call = connection.startReply(
                                request(callSid, "Hello?", callSid + ":" + round), status -> {
                                    String ending = status.isOk() ? "OK"
                                            : status.getCode() + ": " + status.getDescription();
                                    endings.computeIfAbsent(ending, k -> new AtomicInteger()).incrementAndGet();
                                    ended.countDown();
                                });
                        timer.schedule(() -> call.cancel("barge-in", null), random.nextInt(300),
                                TimeUnit.MILLISECONDS);
                    }
                    assertThat(ended.await(30, TimeUnit.SECONDS)).as("every reply of round %d ended", round).isTrue();
                }
            }
        } finally {
            timer.shutdownNow();
            // replies reset before their turn opened may still reach the LLM: the next test must not see them
            AtomicInteger lastCount = new AtomicInteger(-1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> gemini.openStreams() == 0
                            && gemini.requestCount() == lastCount.getAndSet(gemini.requestCount()));
        }

        assertThat(endings.keySet()).as("how the %d replies ended: %s", CALLS * ROUNDS, endings)
                .allMatch(ending -> ending.equals("OK") || ending.equals("CANCELLED: barge-in"));
        assertThat(endings.get("CANCELLED: barge-in")).as("resets happened").isNotNull();
    }
}
