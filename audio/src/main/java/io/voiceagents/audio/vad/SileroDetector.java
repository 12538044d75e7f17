package io.voiceagents.audio.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One stream's Silero VAD: buffers 20 ms frames into {@value SileroVadModel#WINDOW_SAMPLES}-sample windows,
 * runs the shared session on each, and carries the model's recurrent state (h, c) from window to window.
 *
 * <p>Nothing is allocated per frame here. All tensors wrap slices of one direct buffer made up front: ONNX
 * Runtime reads the window and the state straight from it and, as pinned outputs, writes the new state and
 * the probability straight into it. The state lives in two slots used alternately (run n reads slot A and
 * writes slot B, run n+1 the reverse), so no state is copied either. What ONNX Runtime's Java API still
 * allocates per inference (a small result holder) is unavoidable.
 *
 * <p><b>Energy gate.</b> A window whose RMS is below the gate (digital silence, the idle noise of a quiet
 * line) skips the inference and reports 0. The caller is quiet most of a call (the agent is talking, or
 * nobody is), so on a quiet line this saves most of the VAD's CPU; audible line noise is above the gate and
 * goes to the model, which tells it from speech. A gated window also resets the recurrent state, as at the start
 * of a stream. Skipping the model but keeping its state would be worse: the state would still describe the
 * sound before the quiet, and the next burst of noise would be judged as its continuation. Measured on the
 * fixtures, keeping the state across gated gaps of up to 320 ms let a few coughs 100–300 ms apart start a
 * turn; resetting at once makes the gated detector at least as robust to them as the ungated model, and
 * moves the turn edges on the speech fixtures by a few frames at most.
 */
final class SileroDetector implements VoiceActivityDetector {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final int WINDOW = SileroVadModel.WINDOW_SAMPLES;
    private static final int STATE_FLOATS = 2 * 64;
    private static final long[] STATE_SHAPE = {2, 1, 64};

    private final SileroVadModel model;
    /** Sum of squared PCM16 samples over a window below which the window is gated (0: never). */
    private final long gateSumOfSquares;

    private final FloatBuffer input;
    private final FloatBuffer[] state;
    private final FloatBuffer output;
    private final Cleaner.Cleanable cleanable;
    private final Map<String, OnnxTensor> inputsFromA;
    private final Map<String, OnnxTensor> outputsToB;
    private final Map<String, OnnxTensor> inputsFromB;
    private final Map<String, OnnxTensor> outputsToA;

    private final WindowFiller filler = new WindowFiller();
    private final WindowFiller.Full onFull = (window, energy) -> probability = evaluateWindow(window, energy);
    private float probability;
    /** The state slots hold zeros (nothing heard since the last reset): a gated window need not clear them again. */
    private boolean stateClear = true;
    private boolean stateInA = true;
    private boolean closed;
    private long inferences;

    SileroDetector(SileroVadModel model, double gateDbfs) throws OrtException {
        this.model = model;
        this.gateSumOfSquares = WindowFiller.gateSumOfSquares(gateDbfs);

        // layout of the one direct buffer: window | hA | cA | hB | cB | probability
        ByteBuffer slab = ByteBuffer.allocateDirect(Float.BYTES * (WINDOW + 4 * STATE_FLOATS + 1)).order(ByteOrder.nativeOrder());
        int at = 0;
        this.input = floats(slab, at, WINDOW);
        at += WINDOW;
        this.state = new FloatBuffer[4];
        for (int i = 0; i < 4; i++) {
            state[i] = floats(slab, at, STATE_FLOATS);
            at += STATE_FLOATS;
        }
        this.output = floats(slab, at, 1);

        var env = model.environment();
        OnnxTensor[] created = new OnnxTensor[6];
        try {
            created[0] = OnnxTensor.createTensor(env, input, new long[] {1, WINDOW});
            for (int i = 0; i < 4; i++) {
                created[1 + i] = OnnxTensor.createTensor(env, state[i], STATE_SHAPE);
            }
            created[5] = OnnxTensor.createTensor(env, output, new long[] {1, 1});
        } catch (OrtException | RuntimeException e) {
            new NativeTensors(created).run();
            throw e;
        }
        this.cleanable = CLEANER.register(this, new NativeTensors(created));
        OnnxTensor hA = created[1];
        OnnxTensor cA = created[2];
        OnnxTensor hB = created[3];
        OnnxTensor cB = created[4];
        this.inputsFromA = Map.of("input", created[0], "sr", model.sampleRate(), "h", hA, "c", cA);
        this.outputsToB = Map.of("output", created[5], "hn", hB, "cn", cB);
        this.inputsFromB = Map.of("input", created[0], "sr", model.sampleRate(), "h", hB, "c", cB);
        this.outputsToA = Map.of("output", created[5], "hn", hA, "cn", cA);
    }

    @Override
    public float accept(short[] frame, int offset) {
        filler.add(frame, offset, onFull);
        return probability;
    }

    private float evaluateWindow(float[] window, long sumOfSquares) {
        if (sumOfSquares < gateSumOfSquares) {
            if (!stateClear) {
                clearState();
            }
            return 0f;
        }
        input.put(0, window, 0, WINDOW);
        return infer();
    }

    private float infer() {
        if (closed) {
            throw new IllegalStateException("this voice activity detector is closed");
        }
        if (!model.enter()) {
            throw new IllegalStateException("the Silero VAD model is closed");
        }
        try (OrtSession.Result ignored = model.session().run(stateInA ? inputsFromA : inputsFromB, stateInA ? outputsToB : outputsToA)) {
            stateInA = !stateInA;
            stateClear = false;
            inferences++;
            return output.get(0);
        } catch (OrtException e) {
            throw new IllegalStateException("Silero VAD inference failed: " + e.getMessage(), e);
        } finally {
            model.exit();
            // the tensors are freed by a Cleaner once this detector is unreachable: not while they are in use
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void reset() {
        filler.clear();
        probability = 0f;
        clearState();
    }

    private void clearState() {
        for (FloatBuffer slot : state) {
            for (int k = 0; k < STATE_FLOATS; k++) {
                slot.put(k, 0f);
            }
        }
        stateInA = true;
        stateClear = true;
    }

    /** Windows that went through the model (the rest were gated): for tests. */
    long inferences() {
        return inferences;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
        }
    }

    private static FloatBuffer floats(ByteBuffer slab, int floatOffset, int floats) {
        return slab.slice(floatOffset * Float.BYTES, floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** The native tensors of one detector; closed by {@link #close()} or, if forgotten, once the detector is unreachable. */
    private record NativeTensors(OnnxTensor[] tensors) implements Runnable {
        @Override
        public void run() {
            for (OnnxTensor tensor : tensors) {
                if (tensor != null) {
                    tensor.close();
                }
            }
        }
    }
}
