package io.voiceagents.audio.vad;

import static io.voiceagents.audio.vad.SpeechFixtures.FRAME;
import static io.voiceagents.audio.vad.SpeechFixtures.join;
import static io.voiceagents.audio.vad.SpeechFixtures.pcm;
import static io.voiceagents.audio.vad.SpeechFixtures.probabilities;
import static io.voiceagents.audio.vad.SpeechFixtures.silence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Windows run in batches give the answers each stream would get alone, one frame later (the frame that completes
 * a window hands it to the batcher and sees the previous window's result).
 */
class SileroBatcherTest {

    /** Batched matrix products may sum in another order than single ones: tiny float differences only. */
    private static final float TOLERANCE = 1e-4f;

    private static SileroVadModel model;
    private static short[][] calls;
    private static float[][] alone;

    @BeforeAll
    static void referenceRuns() {
        model = SileroVadModel.load();
        List<String> names = SpeechFixtures.SPEECH;
        calls = new short[names.size()][];
        alone = new float[names.size()][];
        Random random = new Random(7);
        for (int i = 0; i < names.size(); i++) {
            short[] speech = pcm(names.get(i));
            // quiet gaps exercise the gate (state starts afresh); line noise makes the model judge non-speech
            calls[i] = join(silence(200 + 100 * i), speech, noise(random, 700), silence(500), speech, silence(300));
            try (VoiceActivityDetector detector = model.newDetector()) {
                alone[i] = probabilities(detector, calls[i]);
            }
        }
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void oneStreamRunPromptlyGetsItsOwnAnswersOneFrameLate() {
        try (SileroBatcher batcher = new SileroBatcher(model, Duration.ZERO, 8);
                VoiceActivityDetector detector = batcher.newDetector(SileroVadModel.DEFAULT_GATE_DBFS)) {
            float[] batched = feed(batcher, new VoiceActivityDetector[] {detector}, new short[][] {calls[0]})[0];
            assertShiftedByOneFrame(alone[0], batched, "stream 0");
            assertTrue(batcher.windowsInferred() > 20, "windows inferred: " + batcher.windowsInferred());
        }
    }

    @Test
    void streamsSharingBatchesKeepTheirOwnState() {
        int n = calls.length;
        try (SileroBatcher batcher = new SileroBatcher(model, Duration.ZERO, 64)) {
            VoiceActivityDetector[] detectors = new VoiceActivityDetector[n];
            for (int i = 0; i < n; i++) {
                detectors[i] = batcher.newDetector(SileroVadModel.DEFAULT_GATE_DBFS);
            }
            float[][] batched = feed(batcher, detectors, calls);
            for (int i = 0; i < n; i++) {
                assertShiftedByOneFrame(alone[i], batched[i], "stream " + i);
                detectors[i].close();
            }
            // the streams' windows completed on different frames, but most runs carried more than one
            assertTrue(batcher.windowsInferred() > batcher.batchesRun(),
                    batcher.windowsInferred() + " windows in " + batcher.batchesRun() + " runs");
        }
    }

    @Test
    void batchesAreCappedAndTheRestRunsNext() {
        int n = calls.length;
        try (SileroBatcher batcher = new SileroBatcher(model, Duration.ZERO, 2)) {
            VoiceActivityDetector[] detectors = new VoiceActivityDetector[n];
            for (int i = 0; i < n; i++) {
                detectors[i] = batcher.newDetector(SileroVadModel.DEFAULT_GATE_DBFS);
            }
            float[][] batched = feed(batcher, detectors, calls);
            for (int i = 0; i < n; i++) {
                assertShiftedByOneFrame(alone[i], batched[i], "stream " + i);
            }
        }
    }

    @Test
    void aStreamFarBehindDropsItsOldestWindowsInsteadOfQueueingWithoutEnd() {
        try (SileroBatcher batcher = new SileroBatcher(model, Duration.ZERO, 8);
                VoiceActivityDetector detector = batcher.newDetector(Double.NEGATIVE_INFINITY)) {
            short[] audio = calls[0];
            int frames = audio.length / FRAME;
            for (int f = 0; f < frames; f++) {
                detector.accept(audio, f * FRAME); // the batcher never runs
            }
            int windows = frames * FRAME / SileroVadModel.WINDOW_SAMPLES;
            assertEquals(windows - SileroBatcher.MAX_PENDING, batcher.windowsDropped());
            batcher.runPending();
            assertEquals(SileroBatcher.MAX_PENDING, batcher.windowsInferred());
        }
    }

    @Test
    void aStreamWhoseWindowsPileUpRunsABatchItselfInsteadOfDropping() {
        // the thread gathers for 60 ms: audio fed faster than that finds it asleep
        try (SileroBatcher batcher = new SileroBatcher(model, Duration.ofMillis(60), 8);
                VoiceActivityDetector detector = batcher.newDetector(Double.NEGATIVE_INFINITY)) {
            batcher.start();
            short[] audio = calls[0];
            int frames = 40 * SileroVadModel.WINDOW_SAMPLES / FRAME; // 40 windows, in far less than 60 ms
            for (int f = 0; f < frames; f++) {
                detector.accept(audio, f * FRAME);
            }
            assertEquals(0, batcher.windowsDropped());
            assertTrue(batcher.windowsInferred() >= 40 - SileroBatcher.HELP_AFTER - 1,
                    "windows run by the stream's own thread: " + batcher.windowsInferred());
        }
    }

    @Test
    void resetForgetsWaitingWindowsAndAnswersZeroUntilNewResults() {
        short[] speech = calls[0];
        int speaking = firstSpeechFrame(alone[0]) + 2;
        try (SileroBatcher batcher = new SileroBatcher(model, Duration.ZERO, 8);
                VoiceActivityDetector detector = batcher.newDetector(SileroVadModel.DEFAULT_GATE_DBFS)) {
            float last = 0;
            for (int f = 0; f <= speaking; f++) {
                last = detector.accept(speech, f * FRAME);
                batcher.runPending();
            }
            assertTrue(last > 0.5f, "speech probability before the reset: " + last);
            for (int f = speaking + 1; f <= speaking + 4; f++) {
                detector.accept(speech, f * FRAME); // completes at least one window, left waiting
            }
            detector.reset();
            long before = batcher.windowsInferred();
            batcher.runPending();
            assertEquals(before, batcher.windowsInferred(), "windows waiting at the reset were run");
            assertEquals(0f, detector.accept(silence(20), 0));
        }
    }

    @Test
    void theThreadRunsWindowsWithoutBeingAsked() throws InterruptedException {
        short[] speech = calls[1];
        int speaking = firstSpeechFrame(alone[1]) + 2;
        try (SileroBatcher batcher = new SileroBatcher(model, Duration.ofMillis(5), 32);
                VoiceActivityDetector detector = batcher.newDetector(SileroVadModel.DEFAULT_GATE_DBFS)) {
            batcher.start();
            for (int f = 0; f < speaking; f++) {
                detector.accept(speech, f * FRAME);
            }
            // every window handed over so far is run by the thread within a gathering or two
            long deadline = System.nanoTime() + 10_000_000_000L;
            long seen = -1;
            while (System.nanoTime() < deadline && (batcher.windowsInferred() == 0 || batcher.windowsInferred() != seen)) {
                seen = batcher.windowsInferred();
                Thread.sleep(50);
            }
            float p = detector.accept(speech, speaking * FRAME);
            assertTrue(p > 0.5f, "probability in the middle of speech: " + p);
            assertTrue(batcher.batchesRun() > 0);
        }
    }

    @Test
    void aClosedBatcherMakesNoDetectors() {
        SileroBatcher batcher = new SileroBatcher(model, Duration.ZERO, 4);
        batcher.close();
        assertThrows(IllegalStateException.class, () -> batcher.newDetector(SileroVadModel.DEFAULT_GATE_DBFS));
        assertThrows(IllegalArgumentException.class, () -> new SileroBatcher(model, Duration.ofMillis(100), 4));
        assertThrows(IllegalArgumentException.class, () -> new SileroBatcher(model, Duration.ZERO, 0));
    }

    /** Feeds the streams frame by frame, all streams per frame, and runs what is pending after each round. */
    private static float[][] feed(SileroBatcher batcher, VoiceActivityDetector[] detectors, short[][] audio) {
        float[][] out = new float[audio.length][];
        int longest = 0;
        for (int i = 0; i < audio.length; i++) {
            out[i] = new float[audio[i].length / FRAME];
            longest = Math.max(longest, out[i].length);
        }
        for (int f = 0; f < longest; f++) {
            for (int i = 0; i < audio.length; i++) {
                if (f < out[i].length) {
                    out[i][f] = detectors[i].accept(audio[i], f * FRAME);
                }
            }
            batcher.runPending();
        }
        return out;
    }

    private static void assertShiftedByOneFrame(float[] reference, float[] batched, String what) {
        assertEquals(0f, batched[0], what + ", frame 0");
        int speechFrames = 0;
        for (int f = 1; f < batched.length; f++) {
            // a quiet (gated) window needs no inference: its 0 is known on the frame that completes it, as alone
            boolean gatedNow = completesWindow(f) && reference[f] == 0f;
            assertEquals(gatedNow ? 0f : reference[f - 1], batched[f], TOLERANCE, what + ", frame " + f);
            if (batched[f] > 0.5f) {
                speechFrames++;
            }
        }
        assertTrue(speechFrames > 20, what + ": only " + speechFrames + " speech frames");
    }

    /** The first frame the detector alone judged speech (well into the utterance's first word). */
    private static int firstSpeechFrame(float[] probabilities) {
        for (int f = 0; f < probabilities.length; f++) {
            if (probabilities[f] > 0.8f) {
                return f;
            }
        }
        throw new IllegalStateException("no speech in the reference run");
    }

    private static boolean completesWindow(int frame) {
        int window = SileroVadModel.WINDOW_SAMPLES;
        return (frame + 1) * FRAME / window > frame * FRAME / window;
    }

    private static short[] noise(Random random, int millis) {
        short[] out = silence(millis);
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (random.nextGaussian() * 300);
        }
        return out;
    }
}
