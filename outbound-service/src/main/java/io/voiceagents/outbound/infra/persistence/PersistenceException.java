package io.voiceagents.outbound.infra.persistence;

/** A statement against the outbound schema failed; the message names what was being done. */
public class PersistenceException extends RuntimeException {

    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
