package io.voiceagents.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LlmConfigRulesTest {

    private static final Duration SIX = Duration.ofSeconds(6);

    @Test
    void googleAiNeedsAnApiKeyAndSaysWhichVariable() {
        assertThat(LlmConfigRules.problems(LlmProvider.GOOGLE_AI, Optional.empty(), Optional.empty(), SIX))
                .singleElement().asString().contains("GOOGLE_API_KEY");
        assertThat(LlmConfigRules.problems(LlmProvider.GOOGLE_AI, Optional.of(" "), Optional.empty(), SIX)).hasSize(1);
        assertThat(LlmConfigRules.problems(LlmProvider.GOOGLE_AI, Optional.of("k"), Optional.empty(), SIX)).isEmpty();
    }

    @Test
    void vertexAiNeedsAProject() {
        assertThat(LlmConfigRules.problems(LlmProvider.VERTEX_AI, Optional.empty(), Optional.empty(), SIX))
                .singleElement().asString().contains("GOOGLE_CLOUD_PROJECT");
        assertThat(LlmConfigRules.problems(LlmProvider.VERTEX_AI, Optional.empty(), Optional.of("acme"), SIX)).isEmpty();
    }

    @Test
    void timeoutMustBePositive() {
        assertThat(LlmConfigRules.problems(LlmProvider.GOOGLE_AI, Optional.of("k"), Optional.empty(), Duration.ZERO))
                .singleElement().asString().contains("LLM_TIMEOUT");
    }
}
