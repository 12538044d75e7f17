package io.voiceagents.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Cross-field checks of the LLM configuration, with messages that say which variable to set. */
public final class LlmConfigRules {

    private LlmConfigRules() {
    }

    public static List<String> problems(LlmProvider provider, Optional<String> apiKey, Optional<String> project,
            Duration timeout) {
        List<String> problems = new ArrayList<>();
        if (provider == LlmProvider.GOOGLE_AI && apiKey.filter(k -> !k.isBlank()).isEmpty()) {
            problems.add("LLM_PROVIDER=google-ai needs an API key: set GOOGLE_API_KEY (property agent.llm.api-key),"
                    + " or use LLM_PROVIDER=vertex-ai with GOOGLE_CLOUD_PROJECT");
        }
        if (provider == LlmProvider.VERTEX_AI && project.filter(p -> !p.isBlank()).isEmpty()) {
            problems.add("LLM_PROVIDER=vertex-ai needs a Google Cloud project: set GOOGLE_CLOUD_PROJECT"
                    + " (property agent.llm.project)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            problems.add("LLM_TIMEOUT (agent.llm.timeout) must be positive, e.g. 6s; it is " + timeout);
        }
        return problems;
    }

    public static Optional<String> streamIdleProblem(Duration streamIdleTimeout) {
        if (streamIdleTimeout.isNegative() || streamIdleTimeout.isZero()) {
            return Optional.of("LLM_STREAM_IDLE_TIMEOUT (agent.llm.stream-idle-timeout) must be positive, e.g. 5s;"
                    + " it is " + streamIdleTimeout);
        }
        return Optional.empty();
    }
}
