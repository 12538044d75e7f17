package io.voiceagents.gateway.application.port;

/**
 * Twilio refused or failed a call update. {@link #retriable()} is true when trying again may succeed (rate
 * limited, Twilio or the network failing); a refusal (the call has ended, bad number) is not.
 */
public class CallControlException extends RuntimeException {

    private final boolean retriable;
    private final Integer twilioCode;
    private final Integer httpStatus;

    /** Not retriable, no Twilio error code. */
    public CallControlException(String message, Throwable cause) {
        this(message, false, null, null, cause);
    }

    /**
     * @param twilioCode Twilio's error code (e.g. 21220 "call is not in-progress"), null when Twilio did not answer
     * @param httpStatus the HTTP status Twilio answered, null when it did not answer
     */
    public CallControlException(String message, boolean retriable, Integer twilioCode, Integer httpStatus, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
        this.twilioCode = twilioCode;
        this.httpStatus = httpStatus;
    }

    public boolean retriable() {
        return retriable;
    }

    /** Twilio's error code, or null. */
    public Integer twilioCode() {
        return twilioCode;
    }

    /** The HTTP status of Twilio's answer, or null. */
    public Integer httpStatus() {
        return httpStatus;
    }
}
