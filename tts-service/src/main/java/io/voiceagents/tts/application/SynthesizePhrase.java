package io.voiceagents.tts.application;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.voiceagents.tts.application.port.PhraseStore;
import io.voiceagents.tts.application.port.RejectedSynthesisException;
import io.voiceagents.tts.application.port.SpeechSynthesizer;
import io.voiceagents.tts.application.port.SynthesisFailedException;
import io.voiceagents.tts.application.port.SynthesisRequest;
import io.voiceagents.tts.application.port.SynthesizedAudio;
import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.InvalidPhraseException;
import io.voiceagents.tts.domain.Phrase;
import io.voiceagents.tts.domain.PhraseKey;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Synthesizes a phrase or finds it: memory cache, then the phrase table, then the provider. Concurrent requests
 * for a phrase that is not cached share one provider call (single flight). The provider call runs in the
 * background and the caller waits at most its budget: a late result still lands in both caches. Blocking: call
 * it from a worker thread.
 */
@ApplicationScoped
public class SynthesizePhrase {

    private static final Logger LOG = Logger.getLogger(SynthesizePhrase.class);

    private final SpeechSynthesizer synthesizer;
    private final PhraseStore store;
    private final PhraseMemoryCache memory;
    private final SynthesisSettings settings;
    private final SynthesisMetrics metrics;
    private final ConcurrentMap<AudioId, CompletableFuture<Flight>> inFlight = new ConcurrentHashMap<>();
    // provider calls and hit bookkeeping: I/O-bound, short, and unrelated to the caller's worker thread
    private final ExecutorService background =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tts-synthesis-", 0).factory());

    public SynthesizePhrase(SpeechSynthesizer synthesizer, PhraseStore store, PhraseMemoryCache memory,
                            SynthesisSettings settings, SynthesisMetrics metrics) {
        this.synthesizer = synthesizer;
        this.store = store;
        this.memory = memory;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Synthesizes for a caller on the line, waiting at most the configured synthesis timeout. */
    public SynthesisResult synthesize(SynthesisCommand command) {
        return synthesize(command, settings.synthesisTimeout());
    }

    /**
     * @param wait how long to wait for the provider
     * @throws InvalidPhraseException      the request is malformed
     * @throws RejectedSynthesisException  the provider refused the request
     * @throws SynthesisFailedException    the provider failed
     * @throws SynthesisTimeoutException   the provider did not answer within {@code wait}
     */
    public SynthesisResult synthesize(SynthesisCommand command, Duration wait) {
        long started = System.nanoTime();
        String outcome = "unavailable";
        boolean cached = false;
        try {
            PhraseKey key = settings.keyOf(command);
            AudioId id = AudioId.of(key);
            Optional<Phrase> found = lookup(id);
            if (found.isPresent()) {
                cached = true;
                outcome = "ok";
                return new SynthesisResult(found.get(), true);
            }
            Flight flight = await(startOrJoin(id, key), wait);
            cached = !flight.providerCalled();
            outcome = "ok";
            return new SynthesisResult(flight.phrase(), cached);
        } catch (InvalidPhraseException e) {
            outcome = "invalid";
            throw e;
        } catch (RejectedSynthesisException e) {
            outcome = "rejected";
            throw e;
        } catch (SynthesisTimeoutException e) {
            outcome = "timeout";
            throw e;
        } finally {
            metrics.synthesis(outcome, cached, System.nanoTime() - started);
        }
    }

    private Optional<Phrase> lookup(AudioId id) {
        Phrase inMemory = memory.get(id);
        if (inMemory != null) {
            metrics.cacheHit("memory");
            recordHitLater(id);
            return Optional.of(inMemory);
        }
        Optional<Phrase> stored;
        try {
            stored = store.find(id);
        } catch (RuntimeException e) {
            // the phrase table is a cache too: without it we can still synthesize
            LOG.warnf("phrase table lookup of %s failed, synthesizing instead: %s", id, e.toString());
            stored = Optional.empty();
        }
        if (stored.isPresent()) {
            metrics.cacheHit("database");
            memory.put(stored.get());
            recordHitLater(id);
            return stored;
        }
        metrics.cacheMiss();
        return Optional.empty();
    }

    private CompletableFuture<Flight> startOrJoin(AudioId id, PhraseKey key) {
        CompletableFuture<Flight> mine = new CompletableFuture<>();
        CompletableFuture<Flight> running = inFlight.putIfAbsent(id, mine);
        if (running != null) {
            return running;
        }
        try {
            background.execute(() -> {
                try {
                    mine.complete(synthesizeAndStore(id, key));
                } catch (Throwable t) {
                    mine.completeExceptionally(t);
                } finally {
                    inFlight.remove(id, mine);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(id, mine);
            mine.completeExceptionally(new SynthesisFailedException("tts-service is shutting down", e));
        }
        return mine;
    }

    private Flight synthesizeAndStore(AudioId id, PhraseKey key) {
        // a flight for the same phrase may have finished between this caller's lookup and its join
        Phrase landed = memory.get(id);
        if (landed != null) {
            return new Flight(landed, false);
        }
        SynthesizedAudio audio = synthesizer.synthesize(
                new SynthesisRequest(key.text(), key.voice(), key.language(), key.format()));
        Phrase phrase = new Phrase(id, key, audio.audio(), audio.durationMs());
        // stored before answering: Twilio may fetch the URL from another instance of the service
        try {
            store.saveIfAbsent(phrase);
        } catch (RuntimeException e) {
            LOG.warnf("could not store phrase %s, serving it from this instance's memory only: %s", id, e.toString());
        }
        memory.put(phrase);
        return new Flight(phrase, true);
    }

    private Flight await(CompletableFuture<Flight> flight, Duration wait) {
        try {
            return flight.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SynthesisTimeoutException(wait);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new SynthesisFailedException("speech synthesis failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SynthesisFailedException("interrupted while waiting for speech synthesis", e);
        }
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

    /** Result of one provider flight, shared by every caller that joined it. */
    private record Flight(Phrase phrase, boolean providerCalled) {
    }
}
