package io.voiceagents.agent.domain;

import java.util.List;

/**
 * Everything the LLM sees for one reply: the system instruction, the chat turns (oldest first, the
 * caller's new utterance last) and the generation settings.
 */
public record LlmPrompt(String systemInstruction, List<PromptMessage> messages, LlmSettings settings) {

    public LlmPrompt {
        messages = List.copyOf(messages);
    }
}
