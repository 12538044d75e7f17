package io.voiceagents.agent.application;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * agent-service's own share of a caller's wait: from the reply request arriving to the LLM request being
 * sent (input checks, the turn's database work before the LLM request — one read for StreamReply, one transaction
 * for Reply — and building the prompt). Everything after is the provider's.
 */
@ApplicationScoped
public class ReplyMetrics {

    static final String BEFORE_LLM = "voiceagents.reply.before.llm";

    private final MeterRegistry registry;

    public ReplyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param rpc "reply" or "stream-reply" */
    void beforeLlm(String rpc, long receivedNanos) {
        timer(rpc).record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }

    /** The timer of one rpc (its client-side p50/p95/p99 are exposed too, for a single replica's view). */
    public Timer timer(String rpc) {
        return Timer.builder(BEFORE_LLM)
                .description("Time from a reply request arriving to its LLM request being sent")
                .tag("rpc", rpc)
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .register(registry);
    }
}
