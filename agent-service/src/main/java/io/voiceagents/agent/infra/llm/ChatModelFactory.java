package io.voiceagents.agent.infra.llm;

import dev.langchain4j.model.chat.ChatModel;
import io.voiceagents.agent.domain.LlmSettings;

/** Builds the langchain4j chat model of one provider for one set of generation settings. */
interface ChatModelFactory {

    ChatModel create(LlmSettings settings);

    String providerName();
}
