package io.voiceagents.tts.application;

import java.time.Duration;

import io.voiceagents.tts.domain.InvalidPhraseException;
import io.voiceagents.tts.domain.PhraseKey;

/**
 * Limits and defaults of synthesis, from configuration.
 *
 * @param defaultVoice        voice used when a request names none
 * @param defaultLanguage     language used when a request names none
 * @param maxTextLength       longest text accepted, in characters
 * @param synthesisTimeout    how long a caller waits for the provider before getting DEADLINE_EXCEEDED
 * @param presynthesisTimeout how long pre-synthesis (no caller on the line) waits for the provider
 */
public record SynthesisSettings(String defaultVoice, String defaultLanguage, int maxTextLength,
                                Duration synthesisTimeout, Duration presynthesisTimeout) {

    /**
     * The phrase a request names, with the defaults filled in: unary and streaming synthesis share it, so a
     * sentence streamed once is a cache hit for {@code <Play>} and the other way round.
     *
     * @throws InvalidPhraseException naming the field at fault
     */
    public PhraseKey keyOf(SynthesisCommand command) {
        String voice = isBlank(command.voice()) ? defaultVoice : command.voice();
        String language = isBlank(command.language()) ? defaultLanguage : command.language();
        return PhraseKey.of(command.text(), voice, language, command.format(), maxTextLength);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
