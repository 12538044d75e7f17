package io.voiceagents.gateway.domain;

/**
 * What the gateway needs to know about the agent answering a call.
 *
 * @param voice    Google TTS voice name (e.g. en-US-Neural2-F); may be empty (service default)
 * @param language BCP-47 language code used for speech recognition and synthesis
 */
public record AgentProfile(String agentId, String name, String greeting, String voice, String language, CallMode callMode) {

    public AgentProfile {
        voice = voice == null ? "" : voice;
        language = language == null || language.isBlank() ? "en-US" : language;
        callMode = callMode == null ? CallMode.UNSPECIFIED : callMode;
    }

    public AgentVoice agentVoice() {
        return new AgentVoice(voice, language);
    }
}
