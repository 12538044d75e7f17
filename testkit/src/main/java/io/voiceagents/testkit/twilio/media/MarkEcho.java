package io.voiceagents.testkit.twilio.media;

/**
 * A {@code mark} the application sent and its echo.
 *
 * @param name       the mark's name
 * @param receivedMs when it arrived, ms since the stream started
 * @param echoedMs   when it was echoed: when the audio queued before it finished playing, or at once on
 *                   {@code clear}; -1 while pending
 * @param cleared    echoed because a {@code clear} dropped the audio before it (it did not play)
 */
public record MarkEcho(String name, long receivedMs, long echoedMs, boolean cleared) {
}
