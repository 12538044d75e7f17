package io.voiceagents.agent.infra.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.voiceagents.agent.application.port.LanguageModel;
import io.voiceagents.agent.application.port.LlmException;
import io.voiceagents.agent.application.port.LlmReply;
import io.voiceagents.agent.application.port.LlmStream;
import io.voiceagents.agent.application.port.LlmStreamListener;
import io.voiceagents.agent.application.port.RetriableLlmException;
import io.voiceagents.agent.config.AgentServiceConfig;
import io.voiceagents.agent.config.LlmProvider;
import io.voiceagents.agent.domain.LlmPrompt;
import io.voiceagents.agent.domain.LlmSettings;
import io.voiceagents.agent.domain.PromptMessage;

/** The {@link LanguageModel} port over langchain4j's Gemini models (Google AI or Vertex AI). */
@ApplicationScoped
public class LangChain4jLanguageModel implements LanguageModel {

    /** Distinct (model, temperature, max tokens) sets are few; the cap only guards against a pathological config. */
    private static final int MAX_CACHED_MODELS = 64;

    private final ChatModelFactory factory;
    private final Map<LlmSettings, ChatModel> models = new ConcurrentHashMap<>();
    private final Map<LlmSettings, StreamingChatModel> streamingModels = new ConcurrentHashMap<>();

    public LangChain4jLanguageModel(AgentServiceConfig config) {
        AgentServiceConfig.Llm llm = config.llm();
        this.factory = llm.provider() == LlmProvider.VERTEX_AI
                ? new VertexAiChatModelFactory(llm.project().orElse(""), llm.location())
                : new GoogleAiChatModelFactory(llm.apiKey().orElse(""), llm.baseUrl(), llm.timeout(),
                        llm.thinkingBudget());
    }

    @Override
    @Retry(maxRetries = 1, delay = 150, jitter = 50, retryOn = RetriableLlmException.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 10_000, successThreshold = 2,
            failOn = RetriableLlmException.class)
    public LlmReply complete(LlmPrompt prompt) {
        ChatModel model = cached(models, prompt.settings(), factory::create);
        ChatResponse response;
        try {
            response = model.chat(toChatRequest(prompt));
        } catch (LlmException e) {
            throw e;
        } catch (RuntimeException e) {
            throw LlmErrors.classify(factory.providerName(), e);
        }
        AiMessage message = response == null ? null : response.aiMessage();
        return new LlmReply(message == null ? null : message.text(), LlmTools.calledTool(message));
    }

    /**
     * Not guarded by @Retry/@CircuitBreaker: the request is sent asynchronously and fails through the
     * listener, which those interceptors never see. The streaming use case retries (before the first token
     * only) and keeps its own breaker.
     */
    @Override
    public LlmStream stream(LlmPrompt prompt, LlmStreamListener listener) {
        ProviderStream stream = new ProviderStream(factory.providerName(), listener);
        try {
            cached(streamingModels, prompt.settings(), factory::createStreaming).chat(toChatRequest(prompt), stream);
        } catch (RuntimeException e) {
            stream.onError(e);
        }
        return stream;
    }

    @Override
    public String providerName() {
        return factory.providerName();
    }

    private static <M> M cached(Map<LlmSettings, M> cache, LlmSettings settings,
            Function<LlmSettings, M> create) {
        if (cache.size() > MAX_CACHED_MODELS) {
            cache.clear();
        }
        return cache.computeIfAbsent(settings, create);
    }

    static ChatRequest toChatRequest(LlmPrompt prompt) {
        ChatRequest.Builder request = ChatRequest.builder().messages(toChatMessages(prompt));
        if (!prompt.tools().isEmpty()) {
            request.toolSpecifications(LlmTools.specifications(prompt.tools()));
        }
        return request.build();
    }

    static List<ChatMessage> toChatMessages(LlmPrompt prompt) {
        List<ChatMessage> messages = new ArrayList<>(prompt.messages().size() + 1);
        messages.add(SystemMessage.from(prompt.systemInstruction()));
        for (PromptMessage m : prompt.messages()) {
            messages.add(switch (m.role()) {
                case USER -> UserMessage.from(m.text());
                case ASSISTANT -> AiMessage.from(m.text());
            });
        }
        return messages;
    }
}
