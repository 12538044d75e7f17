package io.voiceagents.gateway.application.port;

import io.voiceagents.audio.turn.TurnEvent;
import io.voiceagents.audio.turn.TurnSettings;

/**
 * Voice activity and turn-taking of a caller (`stream` mode): one shared detector model, a {@link Tracker} per
 * call. The production adapter runs the Silero model with the audio module's turn detector; tests plug in a
 * scripted or energy-based one.
 */
public interface SpeechActivity {

    /**
     * A tracker with fresh state for one call.
     *
     * @throws IllegalStateException when the detector cannot run (model missing or failed to load)
     */
    Tracker newTracker(TurnSettings settings);

    /** Turn state of one caller, fed every 20 ms frame in order. Not thread-safe: one thread at a time. */
    interface Tracker {

        /** Advances by one 20 ms frame of 8 kHz PCM16 ({@code 160} samples from {@code offset}). */
        TurnEvent onFrame(short[] pcm, int offset);

        /** True between SPEECH_STARTED and the end of that turn. */
        boolean inTurn();

        /** Length of the current run of speech frames in ms (0 when the last frame was silence). */
        int currentSpeechMillis();

        /** Time from the last speech frame to now in ms: the endpointing wait at TURN_ENDED. */
        int millisSinceLastSpeech();
    }
}
