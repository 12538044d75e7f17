package io.voiceagents.agent.application;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.voiceagents.agent.application.port.LanguageModel;
import io.voiceagents.agent.application.port.LlmException;
import io.voiceagents.agent.application.port.LlmReply;
import io.voiceagents.agent.application.port.LlmStream;
import io.voiceagents.agent.application.port.LlmStreamListener;
import io.voiceagents.agent.domain.CallTool;
import io.voiceagents.agent.domain.LlmPrompt;

/**
 * Streams one LLM reply within the caller's patience, the streaming twin of {@link LlmCaller}:
 * <ul>
 *   <li>no first token within LLM_TIMEOUT: the request is cancelled and the reply fails ("timeout");</li>
 *   <li>once text flows, a gap longer than the idle timeout ends it with what was written ("stalled");</li>
 *   <li>a retriable failure before the first token is retried once (150 ms ± 50 ms later) if the deadline
 *       allows; after the first token nothing is retried, since the caller may already be hearing it;</li>
 *   <li>a {@link StreamBreaker} stops asking a provider that keeps failing ("circuit-open").</li>
 * </ul>
 * The observer hears text deltas, then exactly one of complete or failure, unless the run is cancelled, after
 * which it hears nothing. Its calls are serialized (one lock per run), from provider or timer threads.
 */
@ApplicationScoped
public class LlmStreamer {

    private static final Logger LOG = Logger.getLogger(LlmStreamer.class);

    static final int MAX_ATTEMPTS = 2;
    static final long RETRY_DELAY_MS = 150;
    static final long RETRY_JITTER_MS = 50;

    /** What a run reports. */
    interface Observer {

        /** @param firstTokenMs on the first delta: milliseconds from the first request to this token; else 0 */
        void onText(String delta, long firstTokenMs);

        /** The model finished; the whole text is the deltas seen so far. */
        void onComplete(CallTool tool, long latencyMs);

        /**
         * The reply failed, before or after some text.
         *
         * @param reason "timeout", "error", "stalled", "empty" or "circuit-open"
         */
        void onFailure(String reason, long latencyMs);
    }

    /** A reply being streamed. */
    interface Run {

        /** Stops the provider stream; the observer hears nothing more. Idempotent. */
        void cancel();
    }

    private final LanguageModel model;
    private final ConversationSettings settings;
    private final MeterRegistry registry;
    private final ScheduledExecutorService timers;
    private final LongSupplier clock;
    private final StreamBreaker breaker;

    @Inject
    public LlmStreamer(LanguageModel model, ConversationSettings settings, MeterRegistry registry) {
        this(model, settings, registry, Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("llm-stream-timer").factory()), System::nanoTime);
    }

    LlmStreamer(LanguageModel model, ConversationSettings settings, MeterRegistry registry,
            ScheduledExecutorService timers, LongSupplier clock) {
        this.model = model;
        this.settings = settings;
        this.registry = registry;
        this.timers = timers;
        this.clock = clock;
        this.breaker = new StreamBreaker(clock);
    }

    /** Sends the request (or fails at once when the breaker is open) and returns; results go to the observer. */
    public Run start(LlmPrompt prompt, Observer observer) {
        StreamRun run = new StreamRun(prompt, observer);
        run.begin();
        return run;
    }

    @PreDestroy
    void shutdown() {
        timers.shutdownNow();
    }

    private final class StreamRun implements Run {

        private final LlmPrompt prompt;
        private final Observer observer;
        private final long firstTokenNanos = settings.llmTimeout().toNanos();
        private final long idleNanos = settings.streamIdleTimeout().toNanos();
        // All guarded by this.
        private long startNanos;
        private long lastChunkNanos;
        private int attempt;
        private LlmStream current;
        private ScheduledFuture<?> deadline;
        private boolean texted;
        private boolean done;

        StreamRun(LlmPrompt prompt, Observer observer) {
            this.prompt = prompt;
            this.observer = observer;
        }

        synchronized void begin() {
            startNanos = clock.getAsLong();
            if (!breaker.allows()) {
                fail("circuit-open");
                return;
            }
            deadline = timers.schedule(this::checkDeadline, firstTokenNanos, TimeUnit.NANOSECONDS);
            launch();
        }

        /** Holding the lock. A listener called back synchronously (an immediate failure) re-enters it safely. */
        private void launch() {
            int number = ++attempt;
            current = model.stream(prompt, new AttemptListener(number));
        }

        /** One timer serves both limits: before the first token the deadline, after it the idle gap. */
        private synchronized void checkDeadline() {
            if (done) {
                return;
            }
            long now = clock.getAsLong();
            long waited = texted ? now - lastChunkNanos : now - startNanos;
            long limit = texted ? idleNanos : firstTokenNanos;
            if (waited < limit) {
                deadline = timers.schedule(this::checkDeadline, limit - waited, TimeUnit.NANOSECONDS);
                return;
            }
            cancelProvider();
            if (texted) {
                LOG.warnf("LLM (%s) stream stalled for %d ms mid-reply", model.providerName(), waited / 1_000_000);
                fail("stalled");
            } else {
                LOG.warnf("LLM (%s) sent no first token within %s", model.providerName(), settings.llmTimeout());
                breaker.failure();
                fail("timeout");
            }
        }

        private synchronized void text(int number, String delta) {
            if (done || number != attempt) {
                return;
            }
            long now = clock.getAsLong();
            lastChunkNanos = now;
            long firstTokenMs = 0;
            if (!texted) {
                texted = true;
                breaker.success();
                long nanos = now - startNanos;
                firstTokenMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
                Timer.builder("voiceagents.llm.first.token")
                        .description("Time from sending a streamed LLM request to its first token")
                        .tag("provider", model.providerName())
                        .publishPercentileHistogram()
                        .register(registry)
                        .record(nanos, TimeUnit.NANOSECONDS);
            }
            observer.onText(delta, firstTokenMs);
        }

        private synchronized void complete(int number, LlmReply reply) {
            if (done || number != attempt) {
                return;
            }
            if (!texted && reply.text() != null && !reply.text().isBlank()) {
                // A provider that delivers the text only with the end still gets it to the caller as one delta.
                text(number, reply.text());
            }
            if (!texted && reply.toolCall() == null) {
                breaker.success();
                LOG.warnf("LLM (%s) returned an empty streamed reply", model.providerName());
                fail("empty");
                return;
            }
            if (!texted) {
                breaker.success();
            }
            done = true;
            stopTimer();
            long latencyNanos = clock.getAsLong() - startNanos;
            recordLatency("ok", latencyNanos);
            observer.onComplete(reply.toolCall(), TimeUnit.NANOSECONDS.toMillis(latencyNanos));
        }

        private synchronized void error(int number, LlmException error) {
            if (done || number != attempt) {
                return;
            }
            LOG.warnf("LLM (%s) stream failed (%s, %s): %s", model.providerName(),
                    error.retriable() ? "retriable" : "not retriable",
                    texted ? "after the first token" : "before the first token", error.getMessage());
            if (!texted && error.retriable()) {
                breaker.failure();
                long left = firstTokenNanos - (clock.getAsLong() - startNanos);
                long delayMs = RETRY_DELAY_MS + ThreadLocalRandom.current().nextLong(-RETRY_JITTER_MS,
                        RETRY_JITTER_MS + 1);
                if (attempt < MAX_ATTEMPTS && left > TimeUnit.MILLISECONDS.toNanos(delayMs) && breaker.allows()) {
                    timers.schedule(this::retry, delayMs, TimeUnit.MILLISECONDS);
                    return;
                }
            }
            fail("error");
        }

        private synchronized void retry() {
            if (!done) {
                launch();
            }
        }

        @Override
        public synchronized void cancel() {
            if (done) {
                return;
            }
            done = true;
            stopTimer();
            cancelProvider();
            recordLatency("cancelled", clock.getAsLong() - startNanos);
        }

        private void fail(String reason) {
            done = true;
            stopTimer();
            long latencyNanos = clock.getAsLong() - startNanos;
            recordLatency("fallback", latencyNanos);
            Counter.builder("voiceagents.llm.fallbacks")
                    .description("Replies where the caller heard the fallback apology (or a streamed reply cut short)")
                    .tag("provider", model.providerName())
                    .tag("reason", reason)
                    .register(registry)
                    .increment();
            observer.onFailure(reason, TimeUnit.NANOSECONDS.toMillis(latencyNanos));
        }

        private void stopTimer() {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }

        private void cancelProvider() {
            if (current != null) {
                current.cancel();
            }
        }

        private void recordLatency(String outcome, long nanos) {
            Timer.builder("voiceagents.llm.stream.latency")
                    .description("Time a streamed reply took from the LLM request to its last token")
                    .tag("provider", model.providerName())
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS);
        }

        /** Forwards one attempt's events; those of an attempt that was given up on are dropped. */
        private final class AttemptListener implements LlmStreamListener {

            private final int number;

            AttemptListener(int number) {
                this.number = number;
            }

            @Override
            public void onText(String delta) {
                text(number, delta);
            }

            @Override
            public void onComplete(LlmReply reply) {
                complete(number, reply);
            }

            @Override
            public void onError(LlmException error) {
                error(number, error);
            }
        }
    }
}
