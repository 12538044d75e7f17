package io.voiceagents.tts.application;

import java.time.Duration;

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
}
