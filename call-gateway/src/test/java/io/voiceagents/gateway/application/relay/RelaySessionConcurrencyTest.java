package io.voiceagents.gateway.application.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voiceagents.gateway.application.CallToken;
import io.voiceagents.gateway.domain.Turn;
import io.voiceagents.gateway.domain.TurnOutcome;

/**
 * Many sessions at once on the production executor model (virtual threads), with agent-service answering from its
 * own threads: every session gets its own reply, in order, and every turn is stored once.
 */
class RelaySessionConcurrencyTest {

    private static final String SECRET = "test-auth-token";
    private static final int SESSIONS = 200;

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService agent = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        workers.shutdownNow();
        agent.shutdownNow();
    }

    @Test
    void manySessionsEachGetTheirOwnRepliesInOrder() {
        RelayFakes.Calls calls = new RelayFakes.Calls();
        RelayFakes.Turns turns = new RelayFakes.Turns();
        RelayFakes.Streams streams = new RelayFakes.Streams() {
            @Override
            public ReplyStream streamReply(String callSid, String utterance, float confidence, String dtmfDigits,
                    String turnId, ReplyListener listener) {
                // agent-service answers on its own threads, a call's chunks in order, as gRPC delivers them
                agent.execute(() -> {
                    listener.onDelta("Echo ", 20);
                    listener.onDelta(utterance, 0);
                    listener.onComplete(new ReplyEnd(TurnOutcome.OK, null, 40, "m-" + turnId, false));
                });
                return () -> { };
            }
        };
        RelaySession.Dependencies deps = new RelaySession.Dependencies(calls, turns, streams, new RelayFakes.Events(),
                new RelayFakes.Live(), new RelayFakes.Metrics(),
                new RelaySession.Settings(SECRET, "Sorry.", Duration.ofSeconds(1), 4000),
                (delay, task) -> () -> { }, System::nanoTime);

        List<RelayFakes.Output> outputs = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            String callSid = "CA" + i;
            calls.calls.put(callSid, RelayFakes.call(callSid, "agent-1"));
            RelayFakes.Output output = new RelayFakes.Output();
            outputs.add(output);
            RelaySession session = new RelaySession(deps, output, workers);
            long now = System.nanoTime();
            session.receive(new RelayMessage.Setup("VX" + i, callSid, null, null, "inbound",
                    Map.of(CallToken.PARAMETER, CallToken.issue(SECRET, callSid))), now);
            session.receive(new RelayMessage.Prompt("caller " + i, "en-US", true), now);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> turns.turns.size() == SESSIONS);
        for (int i = 0; i < SESSIONS; i++) {
            assertThat(outputs.get(i).sent).containsExactly("text:Echo :false", "text:caller " + i + ":false", "text::true");
            Turn turn = turns.get("CA" + i, 1);
            assertThat(turn.agentText()).isEqualTo("Echo caller " + i);
        }
    }
}
