package io.voiceagents.audio.vad;

/**
 * The Silero VAD ONNX model, loaded once per process and shared by every call: each call gets its own
 * {@link VoiceActivityDetector} (its own recurrent state) from {@link #newDetector()}.
 * Thread-safe; close it at shutdown.
 */
public final class SileroVadModel implements AutoCloseable {

    /** Loads the vendored model from the classpath and checks its SHA-256. */
    public static SileroVadModel load() {
        throw new UnsupportedOperationException("API shell: implemented in the audio module's VAD work");
    }

    /** A detector with fresh state for one audio stream. */
    public VoiceActivityDetector newDetector() {
        throw new UnsupportedOperationException("API shell: implemented in the audio module's VAD work");
    }

    @Override
    public void close() {
    }
}
