package io.voiceagents.tts.application;

import io.voiceagents.tts.domain.Phrase;

/**
 * @param phrase the synthesized or cached phrase
 * @param cached true when the provider was not called for this request
 */
public record SynthesisResult(Phrase phrase, boolean cached) {
}
