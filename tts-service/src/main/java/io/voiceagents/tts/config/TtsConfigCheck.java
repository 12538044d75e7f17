package io.voiceagents.tts.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.quarkus.runtime.StartupEvent;
import io.voiceagents.audio.MuLaw;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Checks what Bean Validation cannot express on durations, at start, and logs the effective settings.
 * A bad value stops the service with every problem listed and the variable to set.
 */
@ApplicationScoped
class TtsConfigCheck {

    private static final Logger LOG = Logger.getLogger(TtsConfigCheck.class);

    void onStart(@Observes StartupEvent event, TtsConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("tts-service configuration is invalid:\n  " + String.join("\n  ", problems));
        }
        LOG.infof("tts-service: Google TTS at %s (%s), default voice %s/%s, synthesis timeout %d ms, memory cache %d bytes, "
                        + "streaming voices %s, stream first-byte timeout %d ms",
                config.google().endpoint(), config.google().plaintext() ? "plaintext, no credentials" : "TLS, ADC",
                config.defaultVoice(), config.defaultLanguage(), config.synthesisTimeout().toMillis(),
                config.cache().memoryMaxBytes(), config.google().streamingVoices(),
                config.stream().firstByteTimeout().toMillis());
    }

    static List<String> problems(TtsConfig config) {
        List<String> problems = new ArrayList<>();
        positive(problems, config.synthesisTimeout(), "tts.synthesis-timeout", "TTS_SYNTHESIS_TIMEOUT", "1500ms");
        positive(problems, config.presynthesisTimeout(), "tts.presynthesis-timeout", "TTS_PRESYNTHESIS_TIMEOUT", "30s");
        positive(problems, config.google().requestTimeout(), "tts.google.request-timeout",
                "TTS_GOOGLE_REQUEST_TIMEOUT", "10s");
        positive(problems, config.stream().firstByteTimeout(), "tts.stream.first-byte-timeout",
                "TTS_STREAM_FIRST_BYTE_TIMEOUT", "3s");
        positive(problems, config.stream().timeout(), "tts.stream.timeout", "TTS_STREAM_TIMEOUT", "30s");
        atLeastOneFrame(problems, config.stream().firstChunk(), "tts.stream.first-chunk", "TTS_STREAM_FIRST_CHUNK", "160ms");
        atLeastOneFrame(problems, config.stream().chunk(), "tts.stream.chunk", "TTS_STREAM_CHUNK", "1s");
        try {
            Pattern.compile(config.google().streamingVoices());
        } catch (PatternSyntaxException e) {
            problems.add("tts.google.streaming-voices is not a regular expression (" + e.getDescription()
                    + "): set TTS_GOOGLE_STREAMING_VOICES, e.g. .*Chirp3-HD.*");
        }
        return problems;
    }

    private static void atLeastOneFrame(List<String> problems, Duration value, String property, String env,
                                        String example) {
        if (value.toMillis() < MuLaw.FRAME_MILLIS) {
            problems.add(property + " must be at least one " + MuLaw.FRAME_MILLIS + " ms frame, got " + value
                    + ": set " + env + ", e.g. " + example);
        }
    }

    private static void positive(List<String> problems, Duration value, String property, String env, String example) {
        if (value.isZero() || value.isNegative()) {
            problems.add(property + " must be positive, got " + value + ": set " + env + ", e.g. " + example);
        }
    }
}
