package io.voiceagents.tts.application.stream;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.voiceagents.audio.InvalidWavException;
import io.voiceagents.audio.WavFile;
import io.voiceagents.audio.WavFormat;
import io.voiceagents.tts.application.PhraseMemoryCache;
import io.voiceagents.tts.application.SynthesisCommand;
import io.voiceagents.tts.application.SynthesisMetrics;
import io.voiceagents.tts.application.SynthesisSettings;
import io.voiceagents.tts.application.port.PhraseStore;
import io.voiceagents.tts.application.port.StreamingSpeechSynthesizer;
import io.voiceagents.tts.domain.AudioFormat;
import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.InvalidPhraseException;
import io.voiceagents.tts.domain.Phrase;
import io.voiceagents.tts.domain.PhraseKey;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Streams one sentence's audio as raw mu-law 8 kHz chunks as soon as it exists. A phrase in the memory cache
 * (the same phrase unary synthesis caches: its WAV's samples are the raw audio) is written out at once;
 * otherwise the sentence joins or starts an {@link AudioFlight}: provider and phrase table at once, audio
 * forwarded as it arrives.
 *
 * <p>Never blocks: callable from the event loop. The work before the provider request is normalizing the text,
 * hashing the key and one memory lookup; the database is only consulted alongside the provider.
 */
@ApplicationScoped
public class StreamPhrase {

    private static final Logger LOG = Logger.getLogger(StreamPhrase.class);

    private final PhraseMemoryCache memory;
    private final PhraseStore store;
    private final SynthesisSettings synthesis;
    private final SynthesisMetrics metrics;
    private final StreamSettings settings;
    private final FlightServices services;
    private final ConcurrentMap<AudioId, AudioFlight> flights = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timers;
    // database lookups and writes: blocking, short, many at once under load
    private final ExecutorService background =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tts-stream-", 0).factory());

    public StreamPhrase(StreamingSpeechSynthesizer provider, PhraseStore store, PhraseMemoryCache memory,
                        SynthesisSettings synthesis, StreamSettings settings, SynthesisMetrics metrics) {
        this.memory = memory;
        this.store = store;
        this.synthesis = synthesis;
        this.metrics = metrics;
        this.settings = settings;
        timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("tts-stream-timer").daemon().factory());
        // cancelled timeouts (nearly all of them) leave the queue at once instead of at their due time
        timers.setRemoveOnCancelPolicy(true);
        services = new FlightServices(provider, store, memory, metrics, settings, timers, background);
    }

    /**
     * Starts streaming; the first chunk may reach the listener before this returns.
     *
     * @throws InvalidPhraseException the request is malformed (nothing was sent to the listener)
     */
    public StreamHandle stream(SynthesisCommand command, ChunkListener listener) {
        long started = System.nanoTime();
        PhraseKey key;
        try {
            // the cached WAV phrase and the stream are the same sentence: one key, whatever format was asked
            key = synthesis.keyOf(new SynthesisCommand(command.text(), command.voice(), command.language(),
                    AudioFormat.WAV_MULAW_8K));
        } catch (InvalidPhraseException e) {
            metrics.streamEnded("invalid", "none", System.nanoTime() - started);
            throw e;
        }
        AudioId id = AudioId.of(key);
        ChunkWriter writer = new ChunkWriter(listener, settings, metrics, started);
        while (true) {
            Phrase cached = memory.get(id);
            if (cached != null && replay(cached, writer)) {
                return writer;
            }
            AudioFlight fresh = new AudioFlight(services, id, key, ended -> flights.remove(id, ended));
            AudioFlight running = flights.putIfAbsent(id, fresh);
            AudioFlight flight = running == null ? fresh : running;
            if (flight.join(writer, running == null)) {
                if (running == null) {
                    flight.start();
                } else {
                    metrics.streamJoined();
                }
                return writer;
            }
            // that flight ended between our lookups: the cache has the phrase now, or a new flight is needed
        }
    }

    /** Sentences being synthesized right now (for tests and diagnostics). */
    public int flightsInProgress() {
        return flights.size();
    }

    private boolean replay(Phrase phrase, ChunkWriter writer) {
        WavFormat format;
        try {
            format = WavFile.parse(phrase.audio());
        } catch (InvalidWavException e) {
            LOG.warnf("cached phrase %s is not a readable WAV file, synthesizing instead: %s", phrase.id(), e.getMessage());
            return false;
        }
        if (!format.isMuLaw8kMono()) {
            return false;
        }
        writer.offer(phrase.audio(), format.dataOffset(), format.dataLength(), true,
                ChunkWriter.Origin.cache(ChunkWriter.Origin.MEMORY));
        // bookkeeping after the audio is out: it is not the caller's business
        metrics.cacheHit("memory");
        recordHitLater(phrase.id());
        return true;
    }

    private void recordHitLater(AudioId id) {
        try {
            background.execute(() -> {
                try {
                    store.recordHit(id);
                } catch (RuntimeException e) {
                    LOG.debugf("could not record a hit of phrase %s: %s", id, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("shutting down, hit of phrase %s not recorded", id);
        }
    }

    @PreDestroy
    void shutdown() {
        timers.shutdownNow();
        background.shutdown();
        try {
            if (!background.awaitTermination(5, TimeUnit.SECONDS)) {
                background.shutdownNow();
            }
        } catch (InterruptedException e) {
            background.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
