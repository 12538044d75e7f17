package io.voiceagents.audio.turn;

/** What a frame changed in the caller's turn, as reported by {@link TurnDetector#onFrame(float)}. */
public enum TurnEvent {
    /** Nothing changed. */
    NONE,
    /** Speech has lasted {@link TurnSettings#minSpeechMillis()}: the caller started talking. */
    SPEECH_STARTED,
    /** Silence has lasted {@link TurnSettings#endOfTurnSilenceMillis()} after speech: the turn is over. */
    TURN_ENDED,
    /** The turn reached {@link TurnSettings#maxTurnMillis()} without a pause long enough: it ends here. */
    TURN_TOO_LONG
}
