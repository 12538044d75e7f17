package io.voiceagents.gateway.application.port;

/**
 * agent-service did not answer usefully: unreachable, failing, or past the deadline ({@link #timedOut()}).
 * {@link #retriable()} tells whether asking again may succeed (unavailable, overloaded, late), as opposed to a
 * request agent-service rejects.
 */
public class AgentServiceException extends RuntimeException {

    private final boolean timedOut;
    private final boolean retriable;

    /** Retriable exactly when it timed out. */
    public AgentServiceException(String message, boolean timedOut, Throwable cause) {
        this(message, timedOut, timedOut, cause);
    }

    public AgentServiceException(String message, boolean timedOut, boolean retriable, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
        this.retriable = retriable;
    }

    public boolean timedOut() {
        return timedOut;
    }

    public boolean retriable() {
        return retriable;
    }
}
