package io.voiceagents.agent.application;

import java.time.Duration;

/**
 * Limits of the reply use case.
 *
 * @param historyMaxMessages how many earlier messages go into a prompt
 * @param llmTimeout         how long a reply waits for the LLM before the caller hears the fallback
 */
public record ConversationSettings(int historyMaxMessages, Duration llmTimeout) {
}
