package io.voiceagents.tts.application;

import io.voiceagents.tts.domain.AudioFormat;

/**
 * A request to synthesize, as received: blank voice or language mean the configured defaults.
 *
 * @param text     text to speak
 * @param voice    voice name or blank
 * @param language BCP-47 tag or blank
 * @param format   requested audio format
 */
public record SynthesisCommand(String text, String voice, String language, AudioFormat format) {
}
