package io.voiceagents.agent.application.port;

import io.voiceagents.agent.domain.CallTool;

/**
 * What the LLM answered.
 *
 * @param text     the words to say; may be null or blank when the model only called a tool
 * @param toolCall the call tool the model asked for, or null (the first one, if it named several)
 */
public record LlmReply(String text, CallTool toolCall) {

    public LlmReply(String text) {
        this(text, null);
    }
}
