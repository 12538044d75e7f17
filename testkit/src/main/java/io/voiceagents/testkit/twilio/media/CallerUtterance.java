package io.voiceagents.testkit.twilio.media;

/**
 * Something the emulated caller said ({@code say}, {@code sayWhileAgentSpeaks}).
 *
 * @param index      0, 1, 2 … in order
 * @param name       fixture name (or the label given)
 * @param transcript what is said
 * @param startMs    when its first frame was sent, ms since the stream started
 * @param endMs      when the frame carrying its last audio was sent (-1 while still speaking): the end of speech
 *                   from which response latency is measured
 * @param bargeIn    said over the agent on purpose ({@code sayWhileAgentSpeaks})
 */
public record CallerUtterance(int index, String name, String transcript, long startMs, long endMs, boolean bargeIn) {
}
