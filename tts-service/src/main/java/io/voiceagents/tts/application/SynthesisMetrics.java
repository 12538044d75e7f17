package io.voiceagents.tts.application;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/** The meters of tts-service, named in one place. */
@ApplicationScoped
public class SynthesisMetrics {

    private final MeterRegistry registry;

    public SynthesisMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * One synthesis request as the caller saw it.
     *
     * @param outcome ok, invalid, rejected, unavailable or timeout
     * @param cached  true when the provider was not called
     */
    public void synthesis(String outcome, boolean cached, long nanos) {
        Timer.builder("tts.synthesis")
                .description("Synthesis requests, from receipt to answer")
                .tag("outcome", outcome)
                .tag("cached", Boolean.toString(cached))
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param layer memory or database */
    public void cacheHit(String layer) {
        Counter.builder("tts.cache.hits").description("Phrases found without calling the provider")
                .tag("layer", layer).register(registry).increment();
    }

    public void cacheMiss() {
        Counter.builder("tts.cache.misses").description("Phrases that had to be synthesized")
                .register(registry).increment();
    }

    /** @param outcome synthesized, cached, skipped or failed */
    public void presynthesis(String outcome) {
        Counter.builder("tts.presynthesis").description("Greetings pre-synthesized after an agent changed")
                .tag("outcome", outcome).register(registry).increment();
    }

    /** @param source memory, database or missing */
    public void audioServed(String source) {
        Counter.builder("tts.audio.requests").description("Audio file requests (Twilio <Play> fetches)")
                .tag("source", source).register(registry).increment();
    }

    public void watch(PhraseMemoryCache cache) {
        Gauge.builder("tts.cache.memory.size", cache, PhraseMemoryCache::sizeBytes)
                .description("Audio bytes held by the in-memory phrase cache").baseUnit("bytes").register(registry);
        Gauge.builder("tts.cache.memory.limit", cache, PhraseMemoryCache::maxBytes)
                .description("Budget of the in-memory phrase cache").baseUnit("bytes").register(registry);
        Gauge.builder("tts.cache.memory.phrases", cache, PhraseMemoryCache::size)
                .description("Phrases held by the in-memory phrase cache").register(registry);
    }
}
