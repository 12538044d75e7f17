package io.voiceagents.tts.application.port;

import java.util.Optional;

import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.Phrase;

/** Durable phrase table: survives restarts and is shared by every instance of the service. */
public interface PhraseStore {

    Optional<Phrase> find(AudioId id);

    /** Stores the phrase unless another instance stored the same id first (same id means same audio). */
    void saveIfAbsent(Phrase phrase);

    /** Counts a use of the phrase, for later eviction of phrases nobody plays any more. */
    void recordHit(AudioId id);
}
