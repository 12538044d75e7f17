package io.voiceagents.gateway.infra.audio;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.voiceagents.audio.turn.TurnDetector;
import io.voiceagents.audio.turn.TurnEvent;
import io.voiceagents.audio.turn.TurnSettings;
import io.voiceagents.audio.vad.SileroVadModel;
import io.voiceagents.audio.vad.VoiceActivityDetector;
import io.voiceagents.gateway.application.port.SpeechActivity;

/**
 * Voice activity with the Silero model (ONNX Runtime, from the audio module) and the audio module's turn
 * detector. The model is loaded once per process — at start-up, so the first call does not pay for it —
 * and shared; each call gets its own detector state. A model that cannot load is reported at start-up and
 * again for each stream, which is then refused (the gateway itself keeps serving gather calls).
 */
@ApplicationScoped
public class SileroSpeechActivity implements SpeechActivity {

    private static final Logger LOG = Logger.getLogger(SileroSpeechActivity.class);

    private volatile SileroVadModel model;

    void warmUp(@Observes StartupEvent event) {
        try {
            model();
        } catch (RuntimeException e) {
            LOG.warnf("the Silero VAD model could not be loaded, `stream` calls will be refused until it can: %s",
                    e.getMessage());
        }
    }

    @Override
    public Tracker newTracker(TurnSettings settings) {
        VoiceActivityDetector detector;
        try {
            detector = model().newDetector();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the Silero VAD model is unavailable: " + e.getMessage(), e);
        }
        return new SileroTracker(detector, new TurnDetector(settings));
    }

    @PreDestroy
    void close() {
        SileroVadModel loaded = model;
        if (loaded != null) {
            loaded.close();
        }
    }

    private SileroVadModel model() {
        SileroVadModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    model = SileroVadModel.load();
                }
                loaded = model;
            }
        }
        return loaded;
    }

    /** One call's detector and turn state. */
    private record SileroTracker(VoiceActivityDetector detector, TurnDetector turns) implements Tracker {

        @Override
        public TurnEvent onFrame(short[] pcm, int offset) {
            return turns.onFrame(detector.accept(pcm, offset));
        }

        @Override
        public boolean inTurn() {
            return turns.inTurn();
        }

        @Override
        public int currentSpeechMillis() {
            return turns.currentSpeechMillis();
        }

        @Override
        public int millisSinceLastSpeech() {
            return turns.millisSinceLastSpeech();
        }
    }
}
