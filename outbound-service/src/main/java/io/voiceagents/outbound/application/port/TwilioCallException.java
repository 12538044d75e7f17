package io.voiceagents.outbound.application.port;

/**
 * A Twilio request failed. The kind tells the dialer what it may do next; the Twilio error code and message are
 * kept for the call's failure reason.
 */
public class TwilioCallException extends RuntimeException {

    public enum Kind {
        /** 429: Twilio refused the request, nothing was created; retry later. */
        RATE_LIMITED,
        /**
         * 5xx, time-out, connection failure: the request may or may not have taken effect. A create must be
         * reconciled (did Twilio create the call?) before it is ever sent again.
         */
        UNCERTAIN,
        /** 404: Twilio does not know the resource. */
        NOT_FOUND,
        /** Any other 4xx (invalid number, geo permission, unverified caller ID, ...): retrying cannot help. */
        PERMANENT
    }

    private final Kind kind;
    private final Integer httpStatus;
    private final Integer twilioCode;

    public TwilioCallException(Kind kind, Integer httpStatus, Integer twilioCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.twilioCode = twilioCode;
    }

    public Kind kind() {
        return kind;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    /** Twilio's error code (e.g. 21211), null when Twilio sent none. */
    public Integer twilioCode() {
        return twilioCode;
    }

    /** For a call's failure reason: "Twilio error 21211: Invalid 'To' Phone Number". */
    public String reason() {
        String code = twilioCode == null ? (httpStatus == null ? "" : " HTTP " + httpStatus) : " error " + twilioCode;
        return "Twilio" + code + ": " + getMessage();
    }
}
