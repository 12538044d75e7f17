package io.voiceagents.gateway.infra.persistence;

/** A database statement failed; wraps SQLException so callers see one unchecked failure type. */
public class PersistenceException extends RuntimeException {

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
