package io.voiceagents.gateway.application.port;

/** Speech recognition failed; {@code retriable} tells whether a new stream may succeed. */
public class SpeechToTextException extends RuntimeException {

    private final boolean retriable;

    public SpeechToTextException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
