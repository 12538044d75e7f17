package io.voiceagents.agent.application;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.voiceagents.agent.application.port.LanguageModel;
import io.voiceagents.agent.application.port.LlmException;
import io.voiceagents.agent.application.port.LlmReply;
import io.voiceagents.agent.domain.CallTool;
import io.voiceagents.agent.domain.LlmPrompt;

/**
 * Calls the LLM within the reply budget. The caller is on the phone: past the timeout it gets a
 * fallback answer instead of an error, whatever the provider is still doing.
 */
@ApplicationScoped
public class LlmCaller {

    private static final Logger LOG = Logger.getLogger(LlmCaller.class);

    /**
     * Result of one attempt: the text (possibly empty when the model only called a tool) and the tool when it
     * worked, else why not ("timeout", "error", "empty").
     */
    public record Outcome(String text, CallTool tool, String failureReason, long latencyMs) {

        public boolean ok() {
            return failureReason == null;
        }
    }

    private final LanguageModel model;
    private final ConversationSettings settings;
    private final MeterRegistry registry;
    // The provider call blocks; running it on its own virtual thread lets us stop waiting at the
    // deadline even when the HTTP client ignores interrupts.
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public LlmCaller(LanguageModel model, ConversationSettings settings, MeterRegistry registry) {
        this.model = model;
        this.settings = settings;
        this.registry = registry;
    }

    public Outcome complete(LlmPrompt prompt) {
        long start = System.nanoTime();
        Future<LlmReply> call = executor.submit(() -> model.complete(prompt));
        String failure;
        String text = null;
        CallTool tool = null;
        try {
            LlmReply reply = call.get(settings.llmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            text = reply == null || reply.text() == null ? "" : reply.text().strip();
            tool = reply == null ? null : reply.toolCall();
            failure = text.isEmpty() && tool == null ? "empty" : null;
            if (failure != null) {
                LOG.warnf("LLM (%s) returned an empty reply", model.providerName());
            }
        } catch (TimeoutException e) {
            call.cancel(true);
            failure = "timeout";
            LOG.warnf("LLM (%s) did not answer within %s", model.providerName(), settings.llmTimeout());
        } catch (ExecutionException e) {
            failure = "error";
            Throwable cause = e.getCause();
            boolean retriable = cause instanceof LlmException le && le.retriable();
            LOG.warnf("LLM (%s) failed (%s): %s", model.providerName(), retriable ? "retriable" : "not retriable",
                    cause == null ? e.getMessage() : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            failure = "interrupted";
        }
        long latencyNanos = System.nanoTime() - start;
        record(failure, latencyNanos);
        return failure == null ? new Outcome(text, tool, null, TimeUnit.NANOSECONDS.toMillis(latencyNanos))
                : new Outcome(null, null, failure, TimeUnit.NANOSECONDS.toMillis(latencyNanos));
    }

    private void record(String failure, long latencyNanos) {
        Timer.builder("voiceagents.llm.latency")
                .description("Time a reply waited for the LLM")
                .tag("provider", model.providerName())
                .tag("outcome", failure == null ? "ok" : "fallback")
                .publishPercentileHistogram()
                .register(registry)
                .record(latencyNanos, TimeUnit.NANOSECONDS);
        if (failure != null) {
            Counter.builder("voiceagents.llm.fallbacks")
                    .description("Replies where the caller heard the fallback apology")
                    .tag("provider", model.providerName())
                    .tag("reason", failure)
                    .register(registry)
                    .increment();
        }
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
