package io.voiceagents.gateway.domain;

/** The voice and language an agent speaks with; stored on the call so each turn needs no agent look-up. */
public record AgentVoice(String voice, String language) {

    public static final String DEFAULT_LANGUAGE = "en-US";

    public AgentVoice {
        voice = voice == null ? "" : voice;
        language = language == null || language.isBlank() ? DEFAULT_LANGUAGE : language;
    }

    public static AgentVoice defaults() {
        return new AgentVoice("", DEFAULT_LANGUAGE);
    }
}
