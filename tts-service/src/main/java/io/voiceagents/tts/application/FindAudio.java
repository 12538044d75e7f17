package io.voiceagents.tts.application;

import java.util.Optional;

import io.voiceagents.tts.application.port.PhraseStore;
import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.Phrase;
import jakarta.enterprise.context.ApplicationScoped;

/** The audio behind a public URL: memory first, then the phrase table (which any instance may have filled). */
@ApplicationScoped
public class FindAudio {

    private final PhraseStore store;
    private final PhraseMemoryCache memory;
    private final SynthesisMetrics metrics;

    public FindAudio(PhraseStore store, PhraseMemoryCache memory, SynthesisMetrics metrics) {
        this.store = store;
        this.memory = memory;
        this.metrics = metrics;
    }

    public Optional<Phrase> find(AudioId id) {
        Phrase inMemory = memory.get(id);
        if (inMemory != null) {
            metrics.audioServed("memory");
            return Optional.of(inMemory);
        }
        Optional<Phrase> stored = store.find(id);
        stored.ifPresent(memory::put);
        metrics.audioServed(stored.isPresent() ? "database" : "missing");
        return stored;
    }
}
