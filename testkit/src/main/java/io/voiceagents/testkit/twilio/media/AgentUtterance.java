package io.voiceagents.testkit.twilio.media;

import java.util.List;

/**
 * One stretch of the agent's audible speech as the caller heard it: audio that played with no audible gap of
 * {@link MediaStreamsCall#utteranceGap()} or more, cut short by a {@code clear}. Times are milliseconds since the
 * stream started (the {@code start} message), on the playback timeline Twilio keeps: audio plays from its arrival,
 * or from the end of the audio queued before it, at 8000 bytes per second.
 *
 * @param index             0, 1, 2 … in order
 * @param startMs           when its first audible audio started playing
 * @param firstArrivalMs    when the message carrying that audio arrived (the reply's "first frame received")
 * @param endMs             when its last audible audio finishes (or finished) playing, or the {@code clear} time
 * @param playing           true while it may still go on (audio queued, or a gap shorter than the utterance gap)
 * @param receivedBytes     mu-law bytes received for it (audible or not, from its first audible message on)
 * @param messages          {@code media} messages received for it
 * @param underruns         messages that arrived after the queued audio had run out by more than
 *                          {@link MediaStreamsCall#underrunThreshold()}: audible gaps mid-utterance
 * @param gapMillis         total time the buffer was dry between its messages
 * @param maxLatenessMicros the latest message relative to continuous playback
 * @param cleared           a {@code clear} cut it short
 * @param droppedBytes      bytes queued but never played because of the {@code clear}
 * @param marks             names of the marks sent while it was playing, in order
 * @param audio             the bytes received (empty when the call does not keep audio)
 */
public record AgentUtterance(int index, long startMs, long firstArrivalMs, long endMs, boolean playing,
                             int receivedBytes, int messages, int underruns, long gapMillis, long maxLatenessMicros,
                             boolean cleared, int droppedBytes, List<String> marks, byte[] audio) {

    /** Audio received, in milliseconds (8 bytes per ms). */
    public long receivedMillis() {
        return receivedBytes / 8;
    }

    /** Audio the caller actually heard, in milliseconds: received minus dropped by a clear. */
    public long heardMillis() {
        return (receivedBytes - droppedBytes) / 8;
    }
}
