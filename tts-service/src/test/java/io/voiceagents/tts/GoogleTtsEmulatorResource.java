package io.voiceagents.tts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.voiceagents.testkit.googletts.GoogleTtsEmulator;

/**
 * Starts the testkit's Google TTS emulator and points the service at it (plaintext, no credentials). Test classes
 * get the emulator in a field annotated {@link InjectEmulator}.
 */
public class GoogleTtsEmulatorResource implements QuarkusTestResourceLifecycleManager {

    /** Callers wait this long in tests; the timeout test sets the emulator's latency beyond it. */
    public static final String SYNTHESIS_TIMEOUT = "3s";

    private GoogleTtsEmulator emulator;

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectEmulator {
    }

    @Override
    public Map<String, String> start() {
        emulator = GoogleTtsEmulator.start(0);
        return Map.of(
                "tts.google.endpoint", emulator.endpoint(),
                "tts.google.plaintext", "true",
                "tts.synthesis-timeout", SYNTHESIS_TIMEOUT,
                "tts.presynthesis-timeout", "10s");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator,
                new TestInjector.AnnotatedAndMatchesType(InjectEmulator.class, GoogleTtsEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
