package io.voiceagents.gateway.application.port;

/** agent-service did not answer usefully: unreachable, failing, or past the deadline ({@link #timedOut()}). */
public class AgentServiceException extends RuntimeException {

    private final boolean timedOut;

    public AgentServiceException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
