package io.voiceagents.agent.infra.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.vertexai.gemini.VertexAiGeminiChatModel;
import dev.langchain4j.model.vertexai.gemini.VertexAiGeminiStreamingChatModel;
import io.voiceagents.agent.domain.LlmSettings;

/**
 * Gemini through Vertex AI (Google Cloud project and region, credentials from ADC). Its builder has no
 * request timeout; the reply use case bounds the wait instead.
 */
final class VertexAiChatModelFactory implements ChatModelFactory {

    private final String project;
    private final String location;

    VertexAiChatModelFactory(String project, String location) {
        this.project = project;
        this.location = location;
    }

    @Override
    public ChatModel create(LlmSettings settings) {
        return VertexAiGeminiChatModel.builder()
                .project(project)
                .location(location)
                .modelName(settings.model())
                .temperature((float) settings.temperature())
                .maxOutputTokens(settings.maxOutputTokens())
                .maxRetries(0)
                .build();
    }

    /** Its stream stops at the next response part after a cancel (the library's streaming handle). */
    @Override
    public StreamingChatModel createStreaming(LlmSettings settings) {
        return VertexAiGeminiStreamingChatModel.builder()
                .project(project)
                .location(location)
                .modelName(settings.model())
                .temperature((float) settings.temperature())
                .maxOutputTokens(settings.maxOutputTokens())
                .build();
    }

    @Override
    public String providerName() {
        return "vertex-ai";
    }
}
