package io.voiceagents.gateway.infra.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.voiceagents.contracts.agent.v1.ReplyChunk;
import io.voiceagents.contracts.agent.v1.ReplyOutcome;
import io.voiceagents.gateway.application.port.AgentServiceException;
import io.voiceagents.gateway.application.port.ConversationStreams;
import io.voiceagents.gateway.config.GatewayConfig;
import io.voiceagents.gateway.domain.TurnOutcome;
import io.voiceagents.gateway.support.FakeAgentService;
import io.voiceagents.gateway.support.FakeAgentService.StreamPlan;

/** The StreamReply adapter against an in-process fake agent-service. */
class GrpcConversationStreamsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FakeAgentService agent = new FakeAgentService();
    private final StreamTimer timer = new StreamTimer();
    private InProcessBackend backend;
    private GrpcConversationStreams streams;

    @BeforeEach
    void start() {
        backend = new InProcessBackend(agent);
        streams = new GrpcConversationStreams(backend.channel, agentConfig(Duration.ofSeconds(5)), timer);
    }

    @AfterEach
    void stop() throws InterruptedException {
        backend.close();
        timer.stop();
    }

    @Test
    void deltasArriveInOrderThenTheEndWithItsOutcome() {
        Recorder recorder = new Recorder();

        streams.streamReply("CA1", "hello there", 0.8f, null, "CA1:1", recorder);

        await().atMost(WAIT).until(() -> recorder.end != null);
        assertThat(recorder.events).containsExactly("delta:You :35", "delta:said: :0", "delta:hello there:0", "complete");
        assertThat(recorder.end).isEqualTo(new ConversationStreams.ReplyEnd(TurnOutcome.OK, null, 120, "m-CA1:1", false));
        assertThat(agent.streamRequests).singleElement().satisfies(request -> {
            assertThat(request.getCallSid()).isEqualTo("CA1");
            assertThat(request.getUtterance()).isEqualTo("hello there");
            assertThat(request.getConfidence()).isEqualTo(0.8f);
            assertThat(request.getTurnId()).isEqualTo("CA1:1");
            assertThat(request.getDtmfDigits()).isEmpty();
        });
    }

    @Test
    void aTransferCarriesTheNumberAndEndCallItsOutcome() {
        Recorder transfer = new Recorder();
        Recorder bye = new Recorder();

        streams.streamReply("CA1", "please transfer me", 0f, null, "CA1:2", transfer);
        streams.streamReply("CA1", "bye", 0f, null, "CA1:3", bye);

        await().atMost(WAIT).until(() -> transfer.end != null && bye.end != null);
        assertThat(transfer.end.outcome()).isEqualTo(TurnOutcome.TRANSFER);
        assertThat(transfer.end.transferTo()).isEqualTo(FakeAgentService.TRANSFER_NUMBER);
        assertThat(bye.end.outcome()).isEqualTo(TurnOutcome.END_CALL);
        assertThat(bye.end.transferTo()).isNull();
    }

    @Test
    void keysPressedAreSentAsDtmfDigits() {
        Recorder recorder = new Recorder();

        streams.streamReply("CA1", "", 0f, "42#", "CA1:4", recorder);

        await().atMost(WAIT).until(() -> recorder.end != null);
        assertThat(agent.streamRequests.get(0).getDtmfDigits()).isEqualTo("42#");
        assertThat(recorder.text()).isEqualTo("You pressed 42#");
    }

    @Test
    void aReplayedReplyIsOneChunkWithTextAndTheEnd() {
        agent.streamScript(request -> StreamPlan.of(List.of(ReplyChunk.newBuilder().setDelta("Stored answer.").setLast(true)
                .setOutcome(ReplyOutcome.REPLY_OUTCOME_OK).setMessageId("m-1").setReplayed(true).build())));
        Recorder recorder = new Recorder();

        streams.streamReply("CA1", "again", 0f, null, "CA1:1", recorder);

        await().atMost(WAIT).until(() -> recorder.end != null);
        assertThat(recorder.events).containsExactly("delta:Stored answer.:0", "complete");
        assertThat(recorder.end.replayed()).isTrue();
    }

    @Test
    void cancelReachesAgentServiceAndNothingFollowsIt() {
        agent.streamScript(request -> StreamPlan.of(List.of(FakeAgentService.delta("First part, ", 40))).thenHold());
        Recorder recorder = new Recorder();

        ConversationStreams.ReplyStream reply = streams.streamReply("CA1", "tell me a story", 0f, null, "CA1:5", recorder);
        await().atMost(WAIT).until(() -> !recorder.events.isEmpty());
        reply.cancel();

        await().atMost(WAIT).until(() -> agent.cancelledStreams.contains("CA1:5"));
        reply.cancel();
        assertThat(recorder.events).containsExactly("delta:First part, :40");
        assertThat(recorder.error).isNull();
    }

    @Test
    void anUnavailableAgentServiceIsARetriableError() {
        agent.failNextReplies(1);
        Recorder recorder = new Recorder();

        streams.streamReply("CA1", "hello", 0f, null, "CA1:6", recorder);

        await().atMost(WAIT).until(() -> recorder.error != null);
        assertThat(recorder.error.retriable()).isTrue();
        assertThat(recorder.error.timedOut()).isFalse();
        assertThat(recorder.error.getMessage()).contains("UNAVAILABLE").contains("CA1:6");
        assertThat(recorder.events).containsExactly("error");
    }

    @Test
    void aRejectedRequestMidStreamIsNotRetriable() {
        agent.streamScript(request -> StreamPlan.of(List.of(FakeAgentService.delta("Partial", 10)))
                .thenFail(Status.INVALID_ARGUMENT.withDescription("bad turn id")));
        Recorder recorder = new Recorder();

        streams.streamReply("CA1", "hello", 0f, null, "CA1:7", recorder);

        await().atMost(WAIT).until(() -> recorder.error != null);
        assertThat(recorder.events).containsExactly("delta:Partial:10", "error");
        assertThat(recorder.error.retriable()).isFalse();
        assertThat(recorder.error.getMessage()).contains("INVALID_ARGUMENT").contains("bad turn id");
    }

    @Test
    void aReplyWithoutFirstChunkWithinTheBudgetTimesOutAndIsCancelled() {
        agent.streamScript(request -> FakeAgentService.echoStream(request).withGap(Duration.ofSeconds(20)));
        Recorder recorder = new Recorder();
        GrpcConversationStreams impatient = new GrpcConversationStreams(backend.channel, agentConfig(Duration.ofMillis(300)),
                timer);

        impatient.streamReply("CA1", "hello", 0f, null, "CA1:8", recorder);

        await().atMost(WAIT).until(() -> recorder.error != null);
        assertThat(recorder.error.timedOut()).isTrue();
        assertThat(recorder.error.retriable()).isTrue();
        assertThat(recorder.events).containsExactly("error");
        await().atMost(WAIT).until(() -> agent.cancelledStreams.contains("CA1:8"));
    }

    @Test
    void aStreamThatEndsWithoutItsLastChunkIsAnError() {
        agent.streamScript(request -> StreamPlan.of(List.of(FakeAgentService.delta("Half a", 10))));
        Recorder recorder = new Recorder();

        streams.streamReply("CA1", "hello", 0f, null, "CA1:9", recorder);

        await().atMost(WAIT).until(() -> recorder.error != null);
        assertThat(recorder.events).containsExactly("delta:Half a:10", "error");
        assertThat(recorder.error.getMessage()).contains("without its last chunk");
    }

    @Test
    void anInterruptionIsRecordedAtAgentService() {
        streams.recordInterruption("CA1", "CA1:3", "You said: hel");

        await().atMost(WAIT).until(() -> !agent.interruptions.isEmpty());
        assertThat(agent.interruptions.get(0).getCallSid()).isEqualTo("CA1");
        assertThat(agent.interruptions.get(0).getTurnId()).isEqualTo("CA1:3");
        assertThat(agent.interruptions.get(0).getHeardText()).isEqualTo("You said: hel");
    }

    static GatewayConfig.Agent agentConfig(Duration firstChunkBudget) {
        return new GatewayConfig.Agent() {
            @Override
            public Duration replyBudget() {
                return Duration.ofSeconds(8);
            }

            @Override
            public Duration startBudget() {
                return Duration.ofSeconds(3);
            }

            @Override
            public Duration endBudget() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration streamFirstChunkBudget() {
                return firstChunkBudget;
            }

            @Override
            public Duration streamBudget() {
                return Duration.ofSeconds(20);
            }

            @Override
            public Duration interruptionBudget() {
                return Duration.ofSeconds(5);
            }
        };
    }

    /** Records listener calls in order, as the session would see them. */
    static final class Recorder implements ConversationStreams.ReplyListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final StringBuilder text = new StringBuilder();
        volatile ConversationStreams.ReplyEnd end;
        volatile AgentServiceException error;

        @Override
        public synchronized void onDelta(String delta, long llmFirstTokenMs) {
            text.append(delta);
            events.add("delta:" + delta + ":" + llmFirstTokenMs);
        }

        @Override
        public void onComplete(ConversationStreams.ReplyEnd replyEnd) {
            events.add("complete");
            end = replyEnd;
        }

        @Override
        public void onError(AgentServiceException failure) {
            events.add("error");
            error = failure;
        }

        synchronized String text() {
            return text.toString();
        }
    }
}
