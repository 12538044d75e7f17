package io.voiceagents.audio.vad;

import static io.voiceagents.audio.vad.SpeechFixtures.FRAME;
import static io.voiceagents.audio.vad.SpeechFixtures.join;
import static io.voiceagents.audio.vad.SpeechFixtures.pcm;
import static io.voiceagents.audio.vad.SpeechFixtures.probabilities;
import static io.voiceagents.audio.vad.SpeechFixtures.silence;
import static io.voiceagents.audio.vad.SpeechFixtures.turns;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voiceagents.audio.MuLaw;
import io.voiceagents.audio.turn.TurnEvent;
import io.voiceagents.audio.turn.TurnSettings;
import io.voiceagents.audio.vad.SpeechFixtures.Edge;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Silero VAD plus turn detection on real (synthetic) speech and on things that are not speech. */
class VoiceActivityDetectorFixtureTest {

    private static final double GATE_OFF = Double.NEGATIVE_INFINITY;
    private static final int LEAD_IN_MILLIS = 500;
    /** -40 dBFS: a 20 ms frame this loud has voice in it (the fixtures' pauses are near digital silence). */
    private static final double VOICE_RMS = 328;

    private static SileroVadModel model;

    @BeforeAll
    static void loadModel() {
        model = SileroVadModel.load();
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    static Stream<Arguments> speechWithAndWithoutGate() {
        return SpeechFixtures.SPEECH.stream()
                .flatMap(name -> Stream.of(Arguments.of(name, SileroVadModel.DEFAULT_GATE_DBFS), Arguments.of(name, GATE_OFF)));
    }

    @ParameterizedTest(name = "{0}, gate {1} dBFS")
    @MethodSource("speechWithAndWithoutGate")
    void mostVoicedFramesInTheMiddleOfAnUtteranceAreSpeech(String name, double gate) {
        short[] audio = join(silence(LEAD_IN_MILLIS), pcm(name), silence(1000));
        try (VoiceActivityDetector detector = model.newDetector(gate)) {
            float[] p = probabilities(detector, audio);
            int[] span = audibleFrames(audio);
            int length = span[1] - span[0] + 1;
            // the middle 60% of the utterance, onset and tail excluded; of it, the frames with voice in them
            // (a pause between sentences is rightly not speech)
            int voiced = 0;
            int judgedSpeech = 0;
            for (int f = span[0] + length / 5; f < span[0] + length * 4 / 5; f++) {
                if (rms(audio, f) >= VOICE_RMS) {
                    voiced++;
                    if (p[frameJudging(f)] >= TurnSettings.defaults().speechThreshold()) {
                        judgedSpeech++;
                    }
                }
            }
            double share = (double) judgedSpeech / voiced;
            assertTrue(voiced > 30, name + ": " + voiced + " voiced frames");
            assertTrue(share >= 0.85, name + ": only " + Math.round(share * 100) + "% of the voiced middle frames are speech");
        }
    }

    @ParameterizedTest(name = "{0}, gate {1} dBFS")
    @MethodSource("speechWithAndWithoutGate")
    void anUtteranceFollowedBySilenceIsOneTurn(String name, double gate) {
        short[] speech = pcm(name);
        try (VoiceActivityDetector detector = model.newDetector(gate)) {
            float[] p = probabilities(detector, join(silence(LEAD_IN_MILLIS), speech, silence(2000)));
            List<Edge> edges = turns(p, TurnSettings.defaults());
            assertEquals(List.of(TurnEvent.SPEECH_STARTED, TurnEvent.TURN_ENDED), edges.stream().map(Edge::event).toList(), name + ": " + edges);

            int[] span = audibleFrames(speech);
            int audibleStart = LEAD_IN_MILLIS + span[0] * 20;
            int audibleEnd = LEAD_IN_MILLIS + (span[1] + 1) * 20;
            Edge started = edges.get(0);
            Edge ended = edges.get(1);
            // the minimum speech (200 ms) plus a window or two of model latency after the voice begins
            assertTrue(started.millis() >= audibleStart + 200 && started.millis() <= audibleStart + 700,
                    name + ": speech started at " + started.millis() + " ms, voice from " + audibleStart + " ms");
            // the end of speech the detector saw is the end of the voice, give or take a window of latency
            int endOfSpeech = ended.millis() - ended.millisSinceLastSpeech();
            assertEquals(700, ended.millisSinceLastSpeech());
            assertTrue(endOfSpeech >= audibleEnd - 400 && endOfSpeech <= audibleEnd + 300,
                    name + ": end of speech at " + endOfSpeech + " ms, voice until " + audibleEnd + " ms");
        }
    }

    @ParameterizedTest(name = "gate {0} dBFS")
    @ValueSource(doubles = {SileroVadModel.DEFAULT_GATE_DBFS, Double.NEGATIVE_INFINITY})
    void lineNoiseIsNotSpeech(double gate) {
        short[] noise = pcm("line_noise");
        try (VoiceActivityDetector detector = model.newDetector(gate)) {
            float[] p = probabilities(detector, join(noise, noise, noise));
            assertTrue(max(p) < 0.2f, "line noise scored " + max(p));
            assertEquals(List.of(), turns(p, TurnSettings.defaults()));
            // the noise is above the default gate: the model itself judged it
            assertEquals(p.length * FRAME / SileroVadModel.WINDOW_SAMPLES, ((SileroDetector) detector).inferences());
        }
    }

    @Test
    void digitalSilenceIsGatedAndScoresZero() {
        short[] silence = silence(5000);
        try (VoiceActivityDetector detector = model.newDetector()) {
            float[] p = probabilities(detector, silence);
            assertEquals(0f, max(p));
            assertEquals(0, ((SileroDetector) detector).inferences(), "no inference on digital silence");
        }
    }

    @Test
    void digitalSilenceWithoutTheGateIsNotSpeechEither() {
        try (VoiceActivityDetector detector = model.newDetector(GATE_OFF)) {
            float[] p = probabilities(detector, silence(5000));
            assertTrue(max(p) < 0.2f, "silence scored " + max(p));
            assertEquals(5000 * 8 / SileroVadModel.WINDOW_SAMPLES, ((SileroDetector) detector).inferences());
        }
    }

    @Test
    void muLawIdleNoiseIsGated() {
        // an idle mu-law line flickers between the codes next to zero (0, ±8): far under -60 dBFS
        short[] idle = new short[MuLaw.SAMPLE_RATE * 3];
        for (int i = 0; i < idle.length; i++) {
            idle[i] = MuLaw.decode((byte) (i % 7 == 0 ? 0xFE : i % 5 == 0 ? 0x7E : 0xFF));
        }
        try (VoiceActivityDetector detector = model.newDetector()) {
            assertEquals(0f, max(probabilities(detector, idle)));
            assertEquals(0, ((SileroDetector) detector).inferences());
        }
    }

    @ParameterizedTest(name = "gate {0} dBFS")
    @ValueSource(doubles = {SileroVadModel.DEFAULT_GATE_DBFS, Double.NEGATIVE_INFINITY})
    void aCoughNeverStartsATurn(double gate) {
        short[] cough = pcm("cough");
        assertEquals(140, cough.length / 8, "the fixture is a 140 ms cough");
        short[] noise = pcm("line_noise");
        try (VoiceActivityDetector detector = model.newDetector(gate)) {
            // alone in silence, repeatedly, and over line noise
            float[] p = probabilities(detector, join(silence(1000), cough, silence(1000), cough, silence(300), cough,
                    silence(2000), noise, cough, noise, cough, cough, noise));
            assertEquals(List.of(), turns(p, TurnSettings.defaults()), "max probability " + max(p));
        }
    }

    @Test
    void aGatedWindowResetsTheStateAsForAFreshStream() {
        // speech up to a loud window, then one window of digital silence: 25088 + 512 = 25600 samples, whole
        // frames and whole windows, so `next` falls into the same windows as for a fresh detector
        short[] prefix = speechThenOneSilentWindow();
        short[] next = join(pcm("opening_hours"));
        try (VoiceActivityDetector fresh = model.newDetector(); VoiceActivityDetector reused = model.newDetector()) {
            float[] expected = probabilities(fresh, next);
            float[] heardSpeech = probabilities(reused, prefix);
            assertTrue(max(heardSpeech) > 0.9f, "it did hear speech first");
            assertEquals(0f, heardSpeech[heardSpeech.length - 1], "the silent window was gated");
            assertEquals(windowsAtOrAbove(prefix, SileroVadModel.DEFAULT_GATE_DBFS), ((SileroDetector) reused).inferences());
            assertArrayEquals(expected, probabilities(reused, next));
        }
    }

    @Test
    void withoutTheGateTheStateCarriesOverSilence() {
        // the counterpart: the model hears the silent window and keeps its state, so history shows afterwards
        // (which is what makes the test above meaningful)
        short[] prefix = speechThenOneSilentWindow();
        short[] next = join(pcm("opening_hours"));
        try (VoiceActivityDetector fresh = model.newDetector(GATE_OFF); VoiceActivityDetector reused = model.newDetector(GATE_OFF)) {
            float[] expected = probabilities(fresh, next);
            probabilities(reused, prefix);
            assertFalse(Arrays.equals(expected, probabilities(reused, next)), "the first utterance should still count");
        }
    }

    private static short[] speechThenOneSilentWindow() {
        short[] prefix = new short[25600];
        System.arraycopy(pcm("hello_booking"), 0, prefix, 0, 25600 - SileroVadModel.WINDOW_SAMPLES);
        return prefix;
    }

    @Test
    void theGateSkipsExactlyTheWindowsBelowItsFloor() {
        for (String name : SpeechFixtures.SPEECH) {
            short[] speech = join(silence(300), pcm(name), silence(300));
            for (double gate : new double[] {-70, SileroVadModel.DEFAULT_GATE_DBFS, -45}) {
                try (VoiceActivityDetector detector = model.newDetector(gate)) {
                    probabilities(detector, speech);
                    long expected = windowsAtOrAbove(speech, gate);
                    assertEquals(expected, ((SileroDetector) detector).inferences(), name + " at " + gate + " dBFS");
                    assertTrue(expected < speech.length / SileroVadModel.WINDOW_SAMPLES, "some windows are quiet");
                }
            }
        }
    }

    /** Complete model windows of {@code pcm} whose RMS is at or above {@code dbfs}. */
    private static long windowsAtOrAbove(short[] pcm, double dbfs) {
        int window = SileroVadModel.WINDOW_SAMPLES;
        long count = 0;
        for (int w = 0; (w + 1) * window <= pcm.length; w++) {
            double sum = 0;
            for (int i = 0; i < window; i++) {
                sum += (double) pcm[w * window + i] * pcm[w * window + i];
            }
            if (20 * Math.log10(Math.sqrt(sum / window) / 32768) >= dbfs) {
                count++;
            }
        }
        return count;
    }

    private static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** First and last 20 ms frame of {@code pcm} louder than -40 dBFS: where the voice is. */
    private static int[] audibleFrames(short[] pcm) {
        int first = -1;
        int last = -1;
        for (int f = 0; f < pcm.length / FRAME; f++) {
            if (rms(pcm, f) >= VOICE_RMS) {
                if (first < 0) {
                    first = f;
                }
                last = f;
            }
        }
        return new int[] {first, last};
    }

    private static double rms(short[] pcm, int frame) {
        double sum = 0;
        for (int i = 0; i < FRAME; i++) {
            sum += (double) pcm[frame * FRAME + i] * pcm[frame * FRAME + i];
        }
        return Math.sqrt(sum / FRAME);
    }

    /** The frame whose answer is the probability of the model window holding frame {@code f}'s last sample. */
    private static int frameJudging(int f) {
        int window = SileroVadModel.WINDOW_SAMPLES;
        int windowEnd = ((f + 1) * FRAME + window - 1) / window * window;
        return (windowEnd + FRAME - 1) / FRAME - 1;
    }
}
