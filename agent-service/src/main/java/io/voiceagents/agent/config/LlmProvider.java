package io.voiceagents.agent.config;

/** Which Gemini API the service talks to; LLM_PROVIDER spells them google-ai and vertex-ai. */
public enum LlmProvider {
    GOOGLE_AI("google-ai"),
    VERTEX_AI("vertex-ai");

    private final String label;

    LlmProvider(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
