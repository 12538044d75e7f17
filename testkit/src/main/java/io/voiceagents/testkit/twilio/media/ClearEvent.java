package io.voiceagents.testkit.twilio.media;

/**
 * A {@code clear} the application sent.
 *
 * @param atMs           when it arrived, ms since the stream started
 * @param droppedBytes   audio queued and not yet played, dropped (8 bytes per ms)
 * @param marksFlushed   pending marks echoed at once because of it
 * @param utteranceIndex the agent utterance it cut short, -1 when nothing was playing
 */
public record ClearEvent(long atMs, int droppedBytes, int marksFlushed, int utteranceIndex) {
}
