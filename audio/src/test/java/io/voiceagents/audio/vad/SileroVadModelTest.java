package io.voiceagents.audio.vad;

import static io.voiceagents.audio.vad.SpeechFixtures.FRAME;
import static io.voiceagents.audio.vad.SpeechFixtures.join;
import static io.voiceagents.audio.vad.SpeechFixtures.pcm;
import static io.voiceagents.audio.vad.SpeechFixtures.probabilities;
import static io.voiceagents.audio.vad.SpeechFixtures.silence;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SileroVadModelTest {

    private static SileroVadModel model;

    @BeforeAll
    static void loadModel() {
        model = SileroVadModel.load();
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @Test
    void theVendoredFileHasTheExpectedHash() throws IOException {
        try (InputStream in = SileroVadModel.class.getResourceAsStream(SileroVadModel.MODEL_RESOURCE)) {
            assertEquals(SileroVadModel.MODEL_SHA256, SileroVadModel.sha256(in.readAllBytes()));
        }
        assertTrue(SileroVadModel.class.getResource("/io/voiceagents/audio/vad/LICENSE-silero-vad.txt") != null, "license ships with the model");
    }

    @Test
    void aModelWithAnotherHashIsRefusedLoudly() throws IOException {
        byte[] bytes;
        try (InputStream in = SileroVadModel.class.getResourceAsStream(SileroVadModel.MODEL_RESOURCE)) {
            bytes = in.readAllBytes();
        }
        bytes[bytes.length / 2] ^= 1;
        byte[] tampered = bytes;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SileroVadModel.fromBytes(tampered, SileroVadModel.MODEL_SHA256));
        assertTrue(e.getMessage().contains(SileroVadModel.MODEL_SHA256), e.getMessage());
        assertTrue(e.getMessage().contains(SileroVadModel.sha256(tampered)), e.getMessage());
        assertTrue(e.getMessage().contains("MODEL_SHA256"), "says what to update: " + e.getMessage());
    }

    @Test
    void theModelIsSileroV4WithTheExpectedTensors() throws OrtException {
        Map<String, NodeInfo> inputs = model.session().getInputInfo();
        assertEquals(SileroVadModel.INPUTS, inputs.keySet());
        assertEquals(SileroVadModel.OUTPUTS, model.session().getOutputInfo().keySet());
        assertArrayEquals(new long[] {2, -1, 64}, ((TensorInfo) inputs.get("h").getInfo()).getShape());
        assertArrayEquals(new long[] {-1, -1}, ((TensorInfo) inputs.get("input").getInfo()).getShape());
    }

    @Test
    void theDetectorMatchesPlainInferenceWindowByWindow() throws OrtException {
        // the detector's pinned, alternating state buffers must compute exactly what the straightforward
        // (allocating) use of the API computes, carrying h and c from each window to the next
        short[] pcm = join(silence(200), pcm("transfer_request"), silence(500));
        int window = SileroVadModel.WINDOW_SAMPLES;
        int windows = pcm.length / window;
        float[] reference = new float[windows];
        float[][][] h = new float[2][1][64];
        float[][][] c = new float[2][1][64];
        var env = model.environment();
        for (int w = 0; w < windows; w++) {
            float[][] x = new float[1][window];
            for (int i = 0; i < window; i++) {
                x[0][i] = pcm[w * window + i] / 32768f;
            }
            Map<String, OnnxTensor> in = new HashMap<>();
            try (OnnxTensor input = OnnxTensor.createTensor(env, x); OnnxTensor hT = OnnxTensor.createTensor(env, h);
                 OnnxTensor cT = OnnxTensor.createTensor(env, c)) {
                in.put("input", input);
                in.put("sr", model.sampleRate());
                in.put("h", hT);
                in.put("c", cT);
                try (OrtSession.Result result = model.session().run(in)) {
                    reference[w] = ((float[][]) result.get("output").orElseThrow().getValue())[0][0];
                    h = (float[][][]) result.get("hn").orElseThrow().getValue();
                    c = (float[][][]) result.get("cn").orElseThrow().getValue();
                }
            }
        }
        try (VoiceActivityDetector detector = model.newDetector(Double.NEGATIVE_INFINITY)) {
            float[] perFrame = probabilities(detector, pcm);
            for (int w = 0; w < windows; w++) {
                // window w completes during the frame holding its last sample
                int frame = ((w + 1) * window - 1) / FRAME;
                assertEquals(reference[w], perFrame[frame], 1e-6f, "window " + w);
            }
            assertTrue(max(reference) > 0.9f && min(reference) < 0.1f, "the reference saw speech and silence: " + Arrays.toString(reference));
        }
    }

    @Test
    void theFirstFramesReportZeroUntilAWindowIsComplete() {
        short[] speech = pcm("opening_hours");
        try (VoiceActivityDetector detector = model.newDetector(Double.NEGATIVE_INFINITY)) {
            // 512 samples need 4 frames of 160
            assertEquals(0f, detector.accept(speech, 2000));
            assertEquals(0f, detector.accept(speech, 2160));
            assertEquals(0f, detector.accept(speech, 2320));
            float first = detector.accept(speech, 2480);
            assertTrue(first > 0f && first <= 1f, "a complete window gives a probability: " + first);
            // the next frame completes nothing: same answer
            assertEquals(first, detector.accept(speech, 2640));
        }
    }

    @Test
    void resetMakesADetectorBehaveAsNew() {
        short[] a = join(pcm("yes_thanks"));
        short[] b = join(pcm("hello_booking"));
        try (VoiceActivityDetector fresh = model.newDetector(); VoiceActivityDetector reused = model.newDetector()) {
            float[] expected = probabilities(fresh, b);
            probabilities(reused, a);
            // leave half a window buffered, which reset must drop as well
            reused.accept(a, 0);
            reused.reset();
            assertArrayEquals(expected, probabilities(reused, b));
        }
    }

    @Test
    void framesOutsideTheArrayAreRejected() {
        try (VoiceActivityDetector detector = model.newDetector()) {
            assertThrows(IndexOutOfBoundsException.class, () -> detector.accept(new short[159], 0));
            assertThrows(IndexOutOfBoundsException.class, () -> detector.accept(new short[320], 161));
            assertThrows(IndexOutOfBoundsException.class, () -> detector.accept(new short[320], -1));
            assertEquals(0f, detector.accept(new short[320], 160));
        }
    }

    @Test
    void gateMustBeAtMostFullScale() {
        assertThrows(IllegalArgumentException.class, () -> model.newDetector(3));
        assertThrows(IllegalArgumentException.class, () -> model.newDetector(Double.NaN));
    }

    @Test
    void aClosedDetectorRefusesToInfer() {
        VoiceActivityDetector detector = model.newDetector(Double.NEGATIVE_INFINITY);
        short[] speech = pcm("opening_hours");
        detector.accept(speech, 0);
        detector.close();
        detector.close();
        assertThrows(IllegalStateException.class, () -> {
            for (int f = 1; f < 4; f++) {
                detector.accept(speech, f * FRAME);
            }
        });
    }

    @Test
    void aClosedModelRefusesNewWorkButClosesOnlyOnce() {
        SileroVadModel other = SileroVadModel.load();
        VoiceActivityDetector detector = other.newDetector(Double.NEGATIVE_INFINITY);
        short[] speech = pcm("opening_hours");
        assertTrue(probabilities(detector, join(speech)).length > 0);
        other.close();
        other.close();
        assertThrows(IllegalStateException.class, other::newDetector);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> probabilities(detector, join(speech)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        detector.close();
        // the shared model in this class is untouched
        try (VoiceActivityDetector working = model.newDetector()) {
            assertTrue(max(probabilities(working, join(speech))) > 0.9f);
        }
    }

    private static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static float min(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }
}
