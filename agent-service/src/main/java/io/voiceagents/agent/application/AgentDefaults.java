package io.voiceagents.agent.application;

/** What an agent gets when the operator leaves voice, language or model out. */
public record AgentDefaults(String voice, String language, String model) {
}
