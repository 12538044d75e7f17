package io.voiceagents.agent.domain;

import java.util.List;

/**
 * Everything the LLM sees for one reply: the system instruction, the chat turns (oldest first, the
 * caller's new utterance last), the generation settings and the call tools it may use.
 */
public record LlmPrompt(String systemInstruction, List<PromptMessage> messages, LlmSettings settings,
        List<CallTool> tools) {

    public LlmPrompt {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** A prompt without tools. */
    public LlmPrompt(String systemInstruction, List<PromptMessage> messages, LlmSettings settings) {
        this(systemInstruction, messages, settings, List.of());
    }
}
