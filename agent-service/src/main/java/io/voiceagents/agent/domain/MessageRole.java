package io.voiceagents.agent.domain;

public enum MessageRole {
    /** What the caller said. */
    USER,
    /** What the agent said. */
    ASSISTANT
}
