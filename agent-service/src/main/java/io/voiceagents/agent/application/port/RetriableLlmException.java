package io.voiceagents.agent.application.port;

/** The LLM call failed in a way that may succeed if repeated (timeout, rate limit, 5xx, network). */
public class RetriableLlmException extends LlmException {

    public RetriableLlmException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
