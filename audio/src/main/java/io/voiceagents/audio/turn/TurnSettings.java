package io.voiceagents.audio.turn;

/**
 * Thresholds of turn detection.
 *
 * @param speechThreshold        probability at or above which a frame counts as speech
 * @param silenceThreshold       probability below which a frame counts as silence (≤ speechThreshold;
 *                               between the two a frame keeps the current state: hysteresis)
 * @param minSpeechMillis        speech must last this long before SPEECH_STARTED (shorter blips are ignored)
 * @param endOfTurnSilenceMillis silence after speech that ends the turn
 * @param maxTurnMillis          a turn longer than this ends with TURN_TOO_LONG
 */
public record TurnSettings(float speechThreshold, float silenceThreshold, int minSpeechMillis,
        int endOfTurnSilenceMillis, int maxTurnMillis) {

    public TurnSettings {
        if (speechThreshold <= 0 || speechThreshold >= 1) {
            throw new IllegalArgumentException("speechThreshold must be in (0, 1), was " + speechThreshold);
        }
        if (silenceThreshold <= 0 || silenceThreshold > speechThreshold) {
            throw new IllegalArgumentException("silenceThreshold must be in (0, speechThreshold], was " + silenceThreshold);
        }
        if (minSpeechMillis < 0 || endOfTurnSilenceMillis <= 0 || maxTurnMillis <= minSpeechMillis) {
            throw new IllegalArgumentException("need 0 <= minSpeechMillis < maxTurnMillis and endOfTurnSilenceMillis > 0");
        }
    }

    /** Defaults for phone calls: 0.5/0.35, 200 ms minimum speech, 700 ms end-of-turn silence, 30 s maximum turn. */
    public static TurnSettings defaults() {
        return new TurnSettings(0.5f, 0.35f, 200, 700, 30_000);
    }
}
