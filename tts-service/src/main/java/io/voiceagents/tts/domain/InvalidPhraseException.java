package io.voiceagents.tts.domain;

/** The request cannot be synthesized as given (empty or too long text, malformed language); the message says why. */
public class InvalidPhraseException extends IllegalArgumentException {

    private final String field;

    public InvalidPhraseException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The request field at fault: text, voice or language. */
    public String field() {
        return field;
    }
}
