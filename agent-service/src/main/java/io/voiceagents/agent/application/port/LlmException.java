package io.voiceagents.agent.application.port;

/** The LLM call failed and asking again will not help (bad request, auth, unknown model, blocked content). */
public class LlmException extends RuntimeException {

    public LlmException(String message, Throwable cause) {
        super(message, cause);
    }

    public boolean retriable() {
        return false;
    }
}
