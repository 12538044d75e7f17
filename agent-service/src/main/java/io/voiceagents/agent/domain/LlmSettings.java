package io.voiceagents.agent.domain;

/**
 * Per-agent generation settings.
 *
 * @param model           Gemini model name, e.g. gemini-2.5-flash
 * @param temperature     0..2
 * @param maxOutputTokens 1..8192
 */
public record LlmSettings(String model, double temperature, int maxOutputTokens) {

    public static final double DEFAULT_TEMPERATURE = 0.7;
    /** Phone replies are short; the cap keeps a runaway answer from blocking the turn. */
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 1024;
}
