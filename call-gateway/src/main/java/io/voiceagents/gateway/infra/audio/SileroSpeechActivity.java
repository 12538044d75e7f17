package io.voiceagents.gateway.infra.audio;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.voiceagents.audio.turn.TurnDetector;
import io.voiceagents.audio.turn.TurnEvent;
import io.voiceagents.audio.turn.TurnSettings;
import io.voiceagents.audio.vad.SileroBatcher;
import io.voiceagents.audio.vad.SileroVadModel;
import io.voiceagents.audio.vad.VoiceActivityDetector;
import io.voiceagents.gateway.application.port.SpeechActivity;
import io.voiceagents.gateway.config.GatewayConfig;

/**
 * Voice activity with the Silero model (ONNX Runtime, from the audio module) and the audio module's turn
 * detector. The model is loaded once per process — at start-up, so the first call does not pay for it —
 * and shared; each call gets its own detector state. A model that cannot load is reported at start-up and
 * again for each stream, which is then refused (the gateway itself keeps serving gather calls).
 *
 * <p>By default the calls' windows run in batches ({@link SileroBatcher}, {@code STREAM_VAD_BATCH_GATHER}): one
 * inference for the windows of many calls costs about half as much per call as one inference each.
 */
@ApplicationScoped
public class SileroSpeechActivity implements SpeechActivity {

    private static final Logger LOG = Logger.getLogger(SileroSpeechActivity.class);
    /** Most windows in one inference: beyond a few dozen the cost per window no longer falls. */
    private static final int MAX_BATCH = 64;

    private final Duration batchGather;
    private final MeterRegistry registry;
    private volatile SileroVadModel model;
    private volatile SileroBatcher batcher;

    @Inject
    public SileroSpeechActivity(GatewayConfig config, MeterRegistry registry) {
        this.batchGather = config.stream().vad().batchGather();
        this.registry = registry;
    }

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
            SileroVadModel loaded = model();
            SileroBatcher batching = batcher;
            detector = batching != null ? batching.newDetector(SileroVadModel.DEFAULT_GATE_DBFS) : loaded.newDetector();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the Silero VAD model is unavailable: " + e.getMessage(), e);
        }
        return new SileroTracker(detector, new TurnDetector(settings));
    }

    @PreDestroy
    void close() {
        SileroBatcher batching = batcher;
        if (batching != null) {
            batching.close();
        }
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
                    SileroVadModel created = SileroVadModel.load();
                    if (batchGather.isPositive()) {
                        SileroBatcher batching = new SileroBatcher(created, batchGather, MAX_BATCH);
                        batching.start();
                        registerMeters(batching);
                        batcher = batching;
                    }
                    model = created;
                }
                loaded = model;
            }
        }
        return loaded;
    }

    private void registerMeters(SileroBatcher batching) {
        FunctionCounter.builder("gateway.vad.windows", batching, SileroBatcher::windowsInferred)
                .description("Silero VAD windows inferred (quiet windows skip the model and are not counted)")
                .register(registry);
        FunctionCounter.builder("gateway.vad.batches", batching, SileroBatcher::batchesRun)
                .description("Silero VAD inferences run; windows / batches is the mean batch size")
                .register(registry);
        FunctionCounter.builder("gateway.vad.windows.dropped", batching, SileroBatcher::windowsDropped)
                .description("Silero VAD windows dropped because the batcher fell behind (the VAD of that call restarts)")
                .register(registry);
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
