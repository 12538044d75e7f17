package io.voiceagents.agent.domain;

/** One turn of the chat history sent to the LLM. */
public record PromptMessage(MessageRole role, String text) {
}
