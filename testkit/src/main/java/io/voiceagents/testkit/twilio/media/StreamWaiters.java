package io.voiceagents.testkit.twilio.media;

/**
 * The threads blocked in a {@link MediaStreamsCaller}'s awaits, and whether a frame or a message may have ended their
 * wait. A report predicate may hold after any frame, so its waiters are woken every time; the other waits (script
 * done, utterances, clears, mark echoes) only when a step ended or such an event happened. Waking every waiter every
 * 20 ms, as a plain notifyAll per frame did, costs a load generator with hundreds of waiting call threads more than
 * the frames themselves. The end of the stream and protocol errors notify on their own. Not thread-safe: the
 * caller's lock guards it.
 */
final class StreamWaiters {

    private int waiting;
    private int waitingOnReport;
    // what the waiters last saw
    private int seenStepsLeft;
    private int seenEvents;

    /** A thread starts waiting; {@code onReport}: for a report predicate. */
    void enter(boolean onReport, ScriptRunner script, Playback playback) {
        waiting++;
        if (onReport) {
            waitingOnReport++;
        }
        seenStepsLeft = script.stepsLeft();
        seenEvents = events(script, playback);
    }

    /** A thread is done waiting (as it entered). */
    void exit(boolean onReport) {
        waiting--;
        if (onReport) {
            waitingOnReport--;
        }
    }

    /** After a frame or a message: true when the waiters must be woken, as what they wait for may have changed. */
    boolean wake(ScriptRunner script, Playback playback) {
        if (waiting == 0) {
            return false;
        }
        int stepsLeft = script.stepsLeft();
        int events = events(script, playback);
        if (waitingOnReport == 0 && stepsLeft == seenStepsLeft && events == seenEvents) {
            return false;
        }
        seenStepsLeft = stepsLeft;
        seenEvents = events;
        return true;
    }

    /** A count that grows whenever an agent utterance starts, a clear arrives, a mark is echoed or the script fails. */
    private static int events(ScriptRunner script, Playback playback) {
        return playback.utteranceCount() + playback.clearCount() + playback.echoedMarkCount()
                + (script.failure() != null ? 1 : 0);
    }
}
