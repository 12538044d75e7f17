package io.voiceagents.audio.turn;

/**
 * Turn-taking state of one caller, fed one speech probability per 20 ms frame (from a
 * {@link io.voiceagents.audio.vad.VoiceActivityDetector}). Reports edges as {@link TurnEvent}s. Not
 * thread-safe: one per call.
 */
public final class TurnDetector {

    public TurnDetector(TurnSettings settings) {
        throw new UnsupportedOperationException("API shell: implemented in the audio module's VAD work");
    }

    /** Advances by one 20 ms frame with this speech probability. */
    public TurnEvent onFrame(float speechProbability) {
        throw new UnsupportedOperationException("API shell");
    }

    /** True between SPEECH_STARTED and the end of that turn. */
    public boolean inTurn() {
        throw new UnsupportedOperationException("API shell");
    }

    /** Length of the current run of speech frames in ms (0 when the last frame was silence). */
    public int currentSpeechMillis() {
        throw new UnsupportedOperationException("API shell");
    }

    /**
     * Frames from the last speech frame to now, in ms: at TURN_ENDED this is the end-of-turn silence, so
     * "end of speech" happened this long before the event (the endpointing wait of the latency ledger).
     */
    public int millisSinceLastSpeech() {
        throw new UnsupportedOperationException("API shell");
    }

    /** Back to idle (no turn, no speech). */
    public void reset() {
        throw new UnsupportedOperationException("API shell");
    }
}
