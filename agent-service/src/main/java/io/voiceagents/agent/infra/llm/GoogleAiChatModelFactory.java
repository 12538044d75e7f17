package io.voiceagents.agent.infra.llm;

import java.time.Duration;
import java.util.Optional;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GeminiThinkingConfig;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import io.voiceagents.agent.domain.LlmSettings;

/** Gemini through the Google AI (generativelanguage) REST API, authenticated with an API key. */
final class GoogleAiChatModelFactory implements ChatModelFactory {

    private final String apiKey;
    private final Optional<String> baseUrl;
    private final Duration timeout;
    private final int thinkingBudget;

    GoogleAiChatModelFactory(String apiKey, Optional<String> baseUrl, Duration timeout, int thinkingBudget) {
        this.apiKey = apiKey;
        this.baseUrl = baseUrl.filter(url -> !url.isBlank());
        this.timeout = timeout;
        this.thinkingBudget = thinkingBudget;
    }

    @Override
    public ChatModel create(LlmSettings settings) {
        var builder = GoogleAiGeminiChatModel.builder()
                .apiKey(apiKey)
                .modelName(settings.model())
                .temperature(settings.temperature())
                .maxOutputTokens(settings.maxOutputTokens())
                .timeout(timeout)
                // Retries are decided by our adapter (retriable errors only, within the reply budget).
                .maxRetries(0);
        baseUrl.ifPresent(builder::baseUrl);
        thinking(settings).ifPresent(builder::thinkingConfig);
        return builder.build();
    }

    /**
     * The streaming twin of {@link #create}. Its timeout bounds the wait for the response headers; the stream
     * itself is bounded by the reply use case (first token, then the gap between chunks).
     */
    @Override
    public StreamingChatModel createStreaming(LlmSettings settings) {
        var builder = GoogleAiGeminiStreamingChatModel.builder()
                .apiKey(apiKey)
                .modelName(settings.model())
                .temperature(settings.temperature())
                .maxOutputTokens(settings.maxOutputTokens())
                .timeout(timeout);
        baseUrl.ifPresent(builder::baseUrl);
        thinking(settings).ifPresent(builder::thinkingConfig);
        return builder.build();
    }

    private Optional<GeminiThinkingConfig> thinking(LlmSettings settings) {
        if (thinkingBudget >= 0 && ThinkingModels.acceptsBudget(settings.model(), thinkingBudget)) {
            return Optional.of(GeminiThinkingConfig.builder().thinkingBudget(thinkingBudget).build());
        }
        return Optional.empty();
    }

    @Override
    public String providerName() {
        return "google-ai";
    }
}
