package io.voiceagents.agent.infra.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import io.voiceagents.agent.application.port.RetriableLlmException;

class LlmErrorsTest {

    @Test
    void transientFailuresAreRetriable() {
        assertThat(LlmErrors.isRetriable(new InternalServerException("500"))).isTrue();
        assertThat(LlmErrors.isRetriable(new RateLimitException("429"))).isTrue();
        assertThat(LlmErrors.isRetriable(new TimeoutException("slow"))).isTrue();
        assertThat(LlmErrors.isRetriable(new HttpException(503, "unavailable"))).isTrue();
        assertThat(LlmErrors.isRetriable(new RuntimeException(new UncheckedIOException(new ConnectException("refused")))))
                .isTrue();
    }

    @Test
    void requestProblemsAreNot() {
        assertThat(LlmErrors.isRetriable(new InvalidRequestException("400"))).isFalse();
        assertThat(LlmErrors.isRetriable(new AuthenticationException("403"))).isFalse();
        assertThat(LlmErrors.isRetriable(new HttpException(404, "no such model"))).isFalse();
        assertThat(LlmErrors.isRetriable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void classifyKeepsTheProviderAndCause() {
        var failure = new InternalServerException("boom");
        var classified = LlmErrors.classify("google-ai", failure);
        assertThat(classified).isInstanceOf(RetriableLlmException.class).hasCause(failure);
        assertThat(classified.getMessage()).startsWith("google-ai:").contains("boom");
    }

    @Test
    void thinkingBudgetOnlyForModelsThatTakeIt() {
        assertThat(ThinkingModels.acceptsBudget("gemini-2.5-flash", 0)).isTrue();
        assertThat(ThinkingModels.acceptsBudget("gemini-2.5-flash-lite", 0)).isTrue();
        assertThat(ThinkingModels.acceptsBudget("gemini-2.5-pro", 0)).isFalse();
        assertThat(ThinkingModels.acceptsBudget("gemini-2.0-flash", 0)).isFalse();
    }
}
