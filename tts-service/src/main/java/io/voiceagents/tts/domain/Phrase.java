package io.voiceagents.tts.domain;

import java.util.Objects;

/**
 * A synthesized phrase: its key, its content address and the audio file. The audio array is shared, not copied
 * (phrases are cached and served many times); nobody may modify it.
 *
 * @param id         content address of {@code key}
 * @param key        what was synthesized
 * @param audio      the complete audio file in {@code key.format()}
 * @param durationMs playback duration
 */
public record Phrase(AudioId id, PhraseKey key, byte[] audio, long durationMs) {

    public Phrase {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(audio, "audio");
        if (durationMs < 0) {
            throw new IllegalArgumentException("duration must not be negative: " + durationMs);
        }
    }

    public static Phrase of(PhraseKey key, byte[] audio, long durationMs) {
        return new Phrase(AudioId.of(key), key, audio, durationMs);
    }

    public String contentType() {
        return key.format().contentType();
    }

    public int sizeBytes() {
        return audio.length;
    }

    public String path() {
        return id.path(key.format());
    }
}
