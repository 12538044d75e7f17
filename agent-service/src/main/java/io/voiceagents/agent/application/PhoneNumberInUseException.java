package io.voiceagents.agent.application;

/** A phone number answers for at most one agent. */
public class PhoneNumberInUseException extends RuntimeException {

    private final String field;

    public PhoneNumberInUseException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The request field at fault, e.g. phoneNumbers[1], or phoneNumbers when not known precisely. */
    public String field() {
        return field;
    }
}
