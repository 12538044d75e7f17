package io.voiceagents.gateway.application.port;

import io.voiceagents.gateway.domain.AgentVoice;

/** Text to audio Twilio can {@code <Play>} (tts-service). The adapter enforces the TTS budget. */
public interface SpeechSynthesis {

    /** @throws SpeechSynthesisException when synthesis failed or missed the budget */
    SynthesizedAudio synthesize(String text, AgentVoice voice);

    /** @param path path under the public base URL, starting with '/' */
    record SynthesizedAudio(String path, boolean cached) {
    }
}
