package io.voiceagents.outbound.domain;

/** A string is not a usable phone number; the message says what was expected. */
public class InvalidPhoneNumberException extends IllegalArgumentException {

    public InvalidPhoneNumberException(String message) {
        super(message);
    }
}
