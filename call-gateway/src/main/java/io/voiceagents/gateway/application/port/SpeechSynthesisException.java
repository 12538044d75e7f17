package io.voiceagents.gateway.application.port;

/** Synthesis failed or was later than the budget; the caller then hears Twilio's {@code <Say>}. */
public class SpeechSynthesisException extends RuntimeException {

    private final boolean timedOut;

    public SpeechSynthesisException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
