package io.voiceagents.agent;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.voiceagents.testkit.gemini.GeminiEmulator;

/**
 * Points the service at the testkit's Gemini emulator for the whole test run, with a short LLM timeout
 * (so the slow-LLM test stays quick), a short stream idle timeout (so the stalled-stream test does too) and a
 * small history window (so bounding is visible in prompts).
 */
public class GeminiEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String LLM_TIMEOUT = "3s";
    public static final String STREAM_IDLE_TIMEOUT = "1500ms";
    public static final int HISTORY_MAX_MESSAGES = 4;

    private static GeminiEmulator emulator;

    public static synchronized GeminiEmulator emulator() {
        if (emulator == null) {
            emulator = GeminiEmulator.start(0);
        }
        return emulator;
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "agent.llm.provider", "google-ai",
                "agent.llm.base-url", emulator().baseUrl(),
                "agent.llm.api-key", "test-api-key",
                "agent.llm.timeout", LLM_TIMEOUT,
                "agent.llm.stream-idle-timeout", STREAM_IDLE_TIMEOUT,
                "agent.history.max-messages", Integer.toString(HISTORY_MAX_MESSAGES));
    }

    @Override
    public void stop() {
        // The emulator lives as long as the test JVM: all @QuarkusTest classes share one application start.
    }
}
