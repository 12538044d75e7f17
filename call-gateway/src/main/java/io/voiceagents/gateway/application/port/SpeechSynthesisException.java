package io.voiceagents.gateway.application.port;

/** Synthesis failed or was later than the budget; the caller then hears Twilio's {@code <Say>}. */
public class SpeechSynthesisException extends RuntimeException {

    private final boolean timedOut;
    private final boolean retriable;

    /** Retriable exactly when it timed out. */
    public SpeechSynthesisException(String message, boolean timedOut, Throwable cause) {
        this(message, timedOut, timedOut, cause);
    }

    /** @param retriable a new request may succeed (tts-service unavailable, overloaded or late) */
    public SpeechSynthesisException(String message, boolean timedOut, boolean retriable, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
        this.retriable = retriable;
    }

    public boolean timedOut() {
        return timedOut;
    }

    public boolean retriable() {
        return retriable;
    }
}
