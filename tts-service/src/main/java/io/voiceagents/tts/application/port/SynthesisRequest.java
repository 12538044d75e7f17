package io.voiceagents.tts.application.port;

import io.voiceagents.tts.domain.AudioFormat;

/**
 * What to ask a provider for: already normalized and validated (see {@code PhraseKey}).
 *
 * @param text     text to speak
 * @param voice    provider voice name
 * @param language BCP-47 language tag
 * @param format   audio format the provider must return
 */
public record SynthesisRequest(String text, String voice, String language, AudioFormat format) {
}
