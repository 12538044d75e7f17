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

    /**
     * Time from receiving a StreamSynthesize request to handing its first chunk to gRPC.
     *
     * @param source memory, database or provider
     */
    public void streamFirstByte(String source, long nanos) {
        timer("tts.stream.first.byte", "StreamSynthesize: request received to first audio chunk sent")
                .tag("source", source).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The part of the time to first byte that is tts-service's own: all of it for a cached phrase, everything
     * but the provider's wait otherwise (measured for the caller whose request started the provider).
     */
    public void streamServerAdded(String source, long nanos) {
        timer("tts.stream.server.added", "StreamSynthesize: time to first byte not spent waiting for the provider")
                .tag("source", source).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One StreamSynthesize request, from receipt to its end.
     *
     * @param outcome ok, failed, cancelled or invalid
     * @param source  memory, database, provider, or none when no audio was sent
     */
    public void streamEnded(String outcome, String source, long nanos) {
        timer("tts.stream", "StreamSynthesize requests, from receipt to the last chunk, error or cancellation")
                .tag("outcome", outcome).tag("source", source).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param mode streaming (the provider streams) or unary (one synthesis sent in chunks) */
    public void streamProviderFirstByte(String mode, long nanos) {
        timer("tts.stream.provider.first.byte", "Provider request to its first audio bytes")
                .tag("mode", mode).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One provider request made for streaming, from start to end.
     *
     * @param outcome ok, rejected, failed, timeout, cancelled or superseded (the phrase table answered first)
     */
    public void streamProvider(String mode, String outcome, long nanos) {
        timer("tts.stream.provider", "Provider requests for streamed sentences, start to end")
                .tag("mode", mode).tag("outcome", outcome).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Requests that joined a sentence already being synthesized for another caller. */
    public void streamJoined() {
        Counter.builder("tts.stream.joined").description("StreamSynthesize requests that shared a running synthesis")
                .register(registry).increment();
    }

    /**
     * The phrase table lookup that runs alongside the provider for a sentence not in memory.
     *
     * @param result hit, miss or error
     */
    public void storeLookup(String result, long nanos) {
        timer("tts.stream.store.lookup", "Phrase table lookups made while streaming")
                .tag("result", result).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Timer.Builder timer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram();
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
