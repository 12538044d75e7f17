package io.voiceagents.audio.turn;

import io.voiceagents.audio.MuLaw;

/**
 * Turn-taking state of one caller, fed one speech probability per 20 ms frame (from a
 * {@link io.voiceagents.audio.vad.VoiceActivityDetector}). Reports edges as {@link TurnEvent}s. Not
 * thread-safe: one per call.
 *
 * <p>Each frame is first classified with hysteresis: a probability at or above
 * {@link TurnSettings#speechThreshold()} is speech, one below {@link TurnSettings#silenceThreshold()} is
 * silence, anything in between keeps the previous frame's class (so a probability that wobbles around one
 * threshold does not flap). Then:
 * <ul>
 *   <li>outside a turn, a run of speech frames lasting {@link TurnSettings#minSpeechMillis()} starts one
 *       ({@link TurnEvent#SPEECH_STARTED}); a shorter run (a cough, a click) is forgotten at its first
 *       silent frame;</li>
 *   <li>inside a turn, {@link TurnSettings#endOfTurnSilenceMillis()} of silence since the last speech frame
 *       ends it ({@link TurnEvent#TURN_ENDED}); speech before that resumes the same turn;</li>
 *   <li>a turn lasting {@link TurnSettings#maxTurnMillis()} (counted from the first frame of the speech that
 *       started it) ends with {@link TurnEvent#TURN_TOO_LONG}. Speech that goes on after that cut counts as
 *       a new run from the cut: it starts a new turn once it has lasted the minimum speech again.</li>
 * </ul>
 * All durations advance by {@link MuLaw#FRAME_MILLIS} per frame, so thresholds that are not multiples of
 * 20 ms take effect on the first frame at or past them.
 */
public final class TurnDetector {

    private static final int FRAME_MILLIS = MuLaw.FRAME_MILLIS;

    private final TurnSettings settings;

    private boolean speaking;
    private boolean inTurn;
    private int speechMillis;
    private int silenceMillis;
    private int turnMillis;

    public TurnDetector(TurnSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
    }

    /** The thresholds this detector applies. */
    public TurnSettings settings() {
        return settings;
    }

    /** Advances by one 20 ms frame with this speech probability. */
    public TurnEvent onFrame(float speechProbability) {
        if (speechProbability >= settings.speechThreshold()) {
            speaking = true;
        } else if (speechProbability < settings.silenceThreshold()) {
            speaking = false;
        }
        // NaN compares false both ways: it keeps the current class, like the hysteresis band
        if (speaking) {
            speechMillis = saturatingAdd(speechMillis);
            silenceMillis = 0;
        } else {
            speechMillis = 0;
            silenceMillis = saturatingAdd(silenceMillis);
        }
        if (!inTurn) {
            if (speaking && speechMillis >= settings.minSpeechMillis()) {
                inTurn = true;
                turnMillis = speechMillis;
                return TurnEvent.SPEECH_STARTED;
            }
            return TurnEvent.NONE;
        }
        turnMillis = saturatingAdd(turnMillis);
        if (!speaking && silenceMillis >= settings.endOfTurnSilenceMillis()) {
            inTurn = false;
            return TurnEvent.TURN_ENDED;
        }
        if (turnMillis >= settings.maxTurnMillis()) {
            inTurn = false;
            // the speech so far belonged to the turn just cut: a new turn needs its own minimum speech
            speechMillis = 0;
            return TurnEvent.TURN_TOO_LONG;
        }
        return TurnEvent.NONE;
    }

    /** True between SPEECH_STARTED and the end of that turn. */
    public boolean inTurn() {
        return inTurn;
    }

    /** Length of the current run of speech frames in ms (0 when the last frame was silence). */
    public int currentSpeechMillis() {
        return speechMillis;
    }

    /**
     * Frames from the last speech frame to now, in ms: at TURN_ENDED this is the end-of-turn silence, so
     * "end of speech" happened this long before the event (the endpointing wait of the latency ledger).
     * 0 while speech goes on; before any speech, the time since creation or {@link #reset()}.
     */
    public int millisSinceLastSpeech() {
        return silenceMillis;
    }

    /** Back to idle (no turn, no speech). */
    public void reset() {
        speaking = false;
        inTurn = false;
        speechMillis = 0;
        silenceMillis = 0;
        turnMillis = 0;
    }

    private static int saturatingAdd(int millis) {
        // a silent line left open for weeks must not wrap around to negative durations
        return millis > Integer.MAX_VALUE - FRAME_MILLIS ? Integer.MAX_VALUE : millis + FRAME_MILLIS;
    }
}
