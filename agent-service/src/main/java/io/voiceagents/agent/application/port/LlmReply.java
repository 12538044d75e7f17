package io.voiceagents.agent.application.port;

/** What the LLM answered. */
public record LlmReply(String text) {
}
