package io.voiceagents.gateway.application.port;

/** outbound-service did not answer usefully: unreachable, failing, or past the deadline ({@link #timedOut()}). */
public class OutboundServiceException extends RuntimeException {

    private final boolean timedOut;

    public OutboundServiceException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
