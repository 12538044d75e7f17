package io.voiceagents.agent.application;

/** Input that passed the edge's syntax checks but is still wrong (e.g. a number listed twice). */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
