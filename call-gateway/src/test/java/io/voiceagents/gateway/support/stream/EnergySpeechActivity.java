package io.voiceagents.gateway.support.stream;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import io.voiceagents.audio.turn.TurnEvent;
import io.voiceagents.audio.turn.TurnSettings;
import io.voiceagents.gateway.application.port.SpeechActivity;

/**
 * A stand-in for the Silero detector until it is merged: a frame is speech when its mean loudness passes a
 * threshold, and turns follow the same rules as the audio module's turn detector (minimum speech, end-of-turn
 * silence, maximum turn). Enabled per test profile only.
 */
@Alternative
@Singleton
public class EnergySpeechActivity implements SpeechActivity {

    /** Mean absolute PCM16 amplitude from which a frame counts as speech (line noise stays well below). */
    public static final int LOUDNESS = 600;

    @Override
    public Tracker newTracker(TurnSettings settings) {
        return new EnergyTracker(settings);
    }

    static final class EnergyTracker implements Tracker {
        private static final int FRAME_MS = 20;
        private final TurnSettings settings;
        private boolean inTurn;
        private int speechRun;
        private int silenceRun;
        private int turnMillis;

        EnergyTracker(TurnSettings settings) {
            this.settings = settings;
        }

        @Override
        public TurnEvent onFrame(short[] pcm, int offset) {
            long sum = 0;
            for (int i = 0; i < 160; i++) {
                sum += Math.abs(pcm[offset + i]);
            }
            boolean speech = sum / 160 >= LOUDNESS;
            if (speech) {
                speechRun += FRAME_MS;
                silenceRun = 0;
            } else {
                speechRun = 0;
                silenceRun += FRAME_MS;
            }
            if (!inTurn) {
                if (speechRun >= settings.minSpeechMillis()) {
                    inTurn = true;
                    turnMillis = speechRun;
                    return TurnEvent.SPEECH_STARTED;
                }
                return TurnEvent.NONE;
            }
            turnMillis += FRAME_MS;
            if (!speech && silenceRun >= settings.endOfTurnSilenceMillis()) {
                inTurn = false;
                return TurnEvent.TURN_ENDED;
            }
            if (turnMillis >= settings.maxTurnMillis()) {
                inTurn = false;
                return TurnEvent.TURN_TOO_LONG;
            }
            return TurnEvent.NONE;
        }

        @Override
        public boolean inTurn() {
            return inTurn;
        }

        @Override
        public int currentSpeechMillis() {
            return speechRun;
        }

        @Override
        public int millisSinceLastSpeech() {
            return silenceRun;
        }
    }
}
