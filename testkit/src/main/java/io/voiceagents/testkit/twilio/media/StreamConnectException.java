package io.voiceagents.testkit.twilio.media;

/**
 * The WebSocket upgrade of an emulated Twilio stream failed: the application answered the upgrade with an HTTP
 * status instead of 101 (a refused signature or token: {@link #statusCode()}), or the connection could not be made
 * ({@link #statusCode()} {@code -1}).
 */
public final class StreamConnectException extends RuntimeException {

    private final int statusCode;

    public StreamConnectException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** HTTP status the upgrade was answered with, or -1 when there was no HTTP answer. */
    public int statusCode() {
        return statusCode;
    }
}
