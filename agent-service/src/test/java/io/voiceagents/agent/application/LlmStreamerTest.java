package io.voiceagents.agent.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voiceagents.agent.application.port.LanguageModel;
import io.voiceagents.agent.application.port.LlmException;
import io.voiceagents.agent.application.port.LlmReply;
import io.voiceagents.agent.application.port.LlmStream;
import io.voiceagents.agent.application.port.LlmStreamListener;
import io.voiceagents.agent.application.port.RetriableLlmException;
import io.voiceagents.agent.domain.CallTool;
import io.voiceagents.agent.domain.LlmPrompt;
import io.voiceagents.agent.domain.LlmSettings;

/** The streaming time limits, retry and breaker, against a scripted model (no Quarkus, no network). */
class LlmStreamerTest {

    private static final Duration FIRST_TOKEN = Duration.ofMillis(400);
    private static final Duration IDLE = Duration.ofMillis(300);
    private static final LlmPrompt PROMPT = new LlmPrompt("be brief", List.of(),
            new LlmSettings("gemini-2.5-flash", 0.2, 100));

    private final ScriptedModel model = new ScriptedModel();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LlmStreamer streamer = new LlmStreamer(model,
            new ConversationSettings(10, FIRST_TOKEN, IDLE), registry, timers, System::nanoTime);
    private final Events events = new Events();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void textThenCompletion() {
        streamer.start(PROMPT, events);
        Attempt attempt = model.attempt(0);

        attempt.listener.onText("Hello ");
        attempt.listener.onText("there.");
        attempt.listener.onComplete(new LlmReply("Hello there.", CallTool.END_CALL));

        assertThat(events.log).containsExactly("text:Hello :first", "text:there.:0", "complete:END_CALL");
        assertThat(attempt.cancelled).isFalse();
        assertThat(registry.get("voiceagents.llm.first.token").timer().count()).isEqualTo(1);
    }

    @Test
    void aRetriableFailureBeforeTheFirstTokenIsRetriedOnce() {
        streamer.start(PROMPT, events);
        model.attempt(0).listener.onError(new RetriableLlmException("503", null));

        await().atMost(Duration.ofSeconds(2)).until(() -> model.attempts.size() == 2);
        model.attempt(1).listener.onError(new RetriableLlmException("503 again", null));

        assertThat(events.log).containsExactly("failure:error");
        assertThat(model.attempts).hasSize(2);
    }

    @Test
    void theRetryMayStillSucceed() {
        streamer.start(PROMPT, events);
        model.attempt(0).listener.onError(new RetriableLlmException("429", null));
        await().atMost(Duration.ofSeconds(2)).until(() -> model.attempts.size() == 2);

        // The abandoned attempt's late events are dropped.
        model.attempt(0).listener.onText("stale");
        model.attempt(1).listener.onText("Fresh.");
        model.attempt(1).listener.onComplete(new LlmReply("Fresh.", null));

        assertThat(events.log).containsExactly("text:Fresh.:first", "complete:null");
    }

    @Test
    void aFailureThatWillNotChangeIsNotRetried() {
        streamer.start(PROMPT, events);
        model.attempt(0).listener.onError(new LlmException("400 bad request", null));

        assertThat(events.log).containsExactly("failure:error");
        assertThat(model.attempts).hasSize(1);
    }

    @Test
    void nothingIsRetriedOnceTheCallerMayBeHearingTheReply() throws InterruptedException {
        streamer.start(PROMPT, events);
        model.attempt(0).listener.onText("Half a ");
        model.attempt(0).listener.onError(new RetriableLlmException("connection reset", null));

        Thread.sleep(300); // longer than a retry would wait (150 ms ± 50): proving none comes needs the wait
        assertThat(model.attempts).hasSize(1);
        assertThat(events.log).containsExactly("text:Half a :first", "failure:error");
    }

    @Test
    void noFirstTokenInTimeCancelsTheRequest() {
        long started = System.nanoTime();
        streamer.start(PROMPT, events);

        await().atMost(Duration.ofSeconds(3)).until(() -> !events.log.isEmpty());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(FIRST_TOKEN);
        assertThat(events.log).containsExactly("failure:timeout");
        assertThat(model.attempt(0).cancelled).isTrue();
        model.attempt(0).listener.onText("too late");
        assertThat(events.log).containsExactly("failure:timeout");
    }

    @Test
    void aStreamThatStallsEndsWithWhatWasWritten() {
        streamer.start(PROMPT, events);
        model.attempt(0).listener.onText("Some words");
        long lastChunk = System.nanoTime();

        await().atMost(Duration.ofSeconds(3)).until(() -> events.log.size() == 2);

        assertThat(Duration.ofNanos(System.nanoTime() - lastChunk)).isGreaterThanOrEqualTo(IDLE);
        assertThat(events.log).containsExactly("text:Some words:first", "failure:stalled");
        assertThat(model.attempt(0).cancelled).isTrue();
    }

    @Test
    void chunksKeepAStreamAlivePastTheFirstTokenLimit() throws InterruptedException {
        streamer.start(PROMPT, events);
        Attempt attempt = model.attempt(0);
        // 6 chunks 150 ms apart: 900 ms in all, past the 400 ms first-token limit, never 300 ms idle.
        for (int i = 0; i < 6; i++) {
            attempt.listener.onText("w" + i + " ");
            Thread.sleep(150);
        }
        attempt.listener.onComplete(new LlmReply("", null));

        assertThat(events.log).hasSize(7).last().isEqualTo("complete:null");
    }

    @Test
    void cancellingStopsTheProviderAndSilencesTheRun() {
        LlmStreamer.Run run = streamer.start(PROMPT, events);
        model.attempt(0).listener.onText("Hi");

        run.cancel();
        model.attempt(0).listener.onText(" there");
        model.attempt(0).listener.onComplete(new LlmReply("Hi there", null));

        assertThat(model.attempt(0).cancelled).isTrue();
        assertThat(events.log).containsExactly("text:Hi:first");
    }

    @Test
    void anEmptyAnswerIsAFailure() {
        streamer.start(PROMPT, events);
        model.attempt(0).listener.onComplete(new LlmReply(" ", null));

        assertThat(events.log).containsExactly("failure:empty");
    }

    @Test
    void aToolCallAloneIsAnAnswer() {
        streamer.start(PROMPT, events);
        model.attempt(0).listener.onComplete(new LlmReply(null, CallTool.TRANSFER_CALL));

        assertThat(events.log).containsExactly("complete:TRANSFER_CALL");
    }

    @Test
    void aProviderThatKeepsFailingIsNoLongerAsked() {
        model.failImmediately = true;
        // Each start fails twice (first attempt and its retry): ten starts fill the breaker's window.
        for (int i = 0; i < StreamBreaker.WINDOW / LlmStreamer.MAX_ATTEMPTS; i++) {
            streamer.start(PROMPT, new Events());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> model.attempts.size() == StreamBreaker.WINDOW);

        streamer.start(PROMPT, events);

        assertThat(events.log).containsExactly("failure:circuit-open");
        assertThat(model.attempts).hasSize(StreamBreaker.WINDOW);
    }

    /** What the observer heard, as strings. */
    private static final class Events implements LlmStreamer.Observer {

        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void onText(String delta, long firstTokenMs) {
            log.add("text:" + delta + ":" + (firstTokenMs > 0 ? "first" : "0"));
        }

        @Override
        public void onComplete(CallTool tool, long latencyMs) {
            log.add("complete:" + tool);
        }

        @Override
        public void onFailure(String reason, long latencyMs) {
            log.add("failure:" + reason);
        }
    }

    private static final class Attempt implements LlmStream {

        final LlmStreamListener listener;
        volatile boolean cancelled;

        Attempt(LlmStreamListener listener) {
            this.listener = listener;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Records each stream request; the test plays the provider through its listener. */
    private static final class ScriptedModel implements LanguageModel {

        final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failImmediately;

        @Override
        public LlmReply complete(LlmPrompt prompt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LlmStream stream(LlmPrompt prompt, LlmStreamListener listener) {
            Attempt attempt = new Attempt(listener);
            if (failImmediately) {
                // Before it is counted: once the test sees it, the breaker has seen the failure too.
                listener.onError(new RetriableLlmException("unavailable", null));
            }
            attempts.add(attempt);
            return attempt;
        }

        Attempt attempt(int index) {
            return attempts.get(index);
        }

        @Override
        public String providerName() {
            return "scripted";
        }
    }
}
