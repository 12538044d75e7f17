package io.voiceagents.agent.infra.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.voiceagents.agent.domain.LlmSettings;

/** Builds the langchain4j chat models of one provider for one set of generation settings. */
interface ChatModelFactory {

    ChatModel create(LlmSettings settings);

    StreamingChatModel createStreaming(LlmSettings settings);

    String providerName();
}
