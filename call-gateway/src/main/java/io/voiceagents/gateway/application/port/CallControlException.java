package io.voiceagents.gateway.application.port;

/** Twilio refused or failed a call update. */
public class CallControlException extends RuntimeException {

    public CallControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
