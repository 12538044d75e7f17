package io.voiceagents.agent.api.grpc;

import static io.voiceagents.agent.TestAgents.body;
import static io.voiceagents.agent.TestAgents.createAgent;
import static io.voiceagents.agent.TestAgents.randomNumber;
import static io.voiceagents.agent.api.grpc.ConversationClient.callSid;
import static io.voiceagents.agent.api.grpc.ConversationClient.last;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.quarkus.test.junit.QuarkusTest;
import io.voiceagents.agent.application.ReplyMetrics;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;

/**
 * agent-service's own time before the LLM request of a streamed turn (StreamReply received to the request
 * sent), from the metric it exports, one call at a time and with many calls at once (each pausing between turns
 * as a caller speaks), against the Gemini emulator answering without delay. The test clients, the emulator and the
 * database share the machine with the service, so the figures under load are pessimistic. They are logged for the
 * record (a benchmark's job, not a test's): only the number of measured turns is asserted. It runs a minute or more,
 * so it is a measurement run on request (its name keeps it out of the test suite):
 * {@code ./mvnw -pl agent-service verify -Dtest=BeforeLlmTimeBench}.
 */
@QuarkusTest
class BeforeLlmTimeBench extends StreamedConversationTest {

    private static final Logger LOG = Logger.getLogger(BeforeLlmTimeBench.class);
    private static final int SEQUENTIAL_TURNS = 60;
    private static final int CONCURRENT_CALLS = 50;
    private static final int TURNS_PER_CALL = 6;
    /** A caller speaks between turns: each call pauses this long (up to twice as long) before its next turn. */
    private static final long PAUSE_MS = 300;

    @Inject
    ReplyMetrics metrics;

    @Inject
    MeterRegistry registry;

    @Test
    void oneCallAtATime() {
        String agentId = createAgent(body("Timed alone", randomNumber()));
        String callSid = callSid();
        client.start(agentId, callSid);
        // A few unmeasured turns first: the first statements of a fresh JVM are not what a running service pays.
        for (int i = 1; i <= 5; i++) {
            turn(client, callSid, "warm-" + i);
        }
        Timer timer = freshTimer();

        for (int i = 1; i <= SEQUENTIAL_TURNS; i++) {
            turn(client, callSid, callSid + ":" + i);
        }

        assertThat(timer.count()).isEqualTo(SEQUENTIAL_TURNS);
        log("one call at a time", timer);
    }

    @Test
    void manyCallsAtOnce() throws Exception {
        String agentId = createAgent(body("Timed together", randomNumber()));
        List<String> callSids = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_CALLS; i++) {
            callSids.add(callSid());
            client.start(agentId, callSids.get(i));
        }
        // One unmeasured turn per call, all at once: the connection pool grows to its size first, as it has in a
        // service that has been taking calls (opening a database connection takes far longer than a turn's read).
        inParallel(callSids, 0, 0);
        Timer timer = freshTimer();

        inParallel(callSids, 1, TURNS_PER_CALL);

        assertThat(timer.count()).isEqualTo((long) CONCURRENT_CALLS * TURNS_PER_CALL);
        log(CONCURRENT_CALLS + " calls at once, " + PAUSE_MS + "-" + 2 * PAUSE_MS + " ms between turns", timer);
    }

    /** Turns {@code first} to {@code last} of every call, the calls side by side; a pause before each but turn 0. */
    private void inParallel(List<String> callSids, int first, int last) throws Exception {
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (String callSid : callSids) {
                calls.add(CompletableFuture.runAsync(() -> {
                    for (int t = first; t <= last; t++) {
                        if (t > 0) {
                            pause();
                        }
                        turn(client, callSid, callSid + ":" + t);
                    }
                }, callers));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MS + ThreadLocalRandom.current().nextLong(PAUSE_MS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void turn(ConversationClient client, String callSid, String turnId) {
        assertThat(last(client.stream(callSid, "What are your opening hours on " + turnId + "?", turnId))
                .getOutcome()).isEqualTo(ReplyOutcome.REPLY_OUTCOME_OK);
    }

    /** The timer's percentiles cover minutes: a new one holds only this test's turns. */
    private Timer freshTimer() {
        registry.remove(metrics.timer("stream-reply"));
        return metrics.timer("stream-reply");
    }

    private static void log(String load, Timer timer) {
        HistogramSnapshot snapshot = timer.takeSnapshot();
        StringBuilder percentiles = new StringBuilder();
        for (ValueAtPercentile p : snapshot.percentileValues()) {
            percentiles.append(String.format(" p%.0f=%.2fms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
        }
        LOG.infof("StreamReply received -> LLM request sent, %s (%d turns):%s mean=%.2fms max=%.2fms", load,
                timer.count(), percentiles, snapshot.mean(TimeUnit.MILLISECONDS), snapshot.max(TimeUnit.MILLISECONDS));
    }
}
