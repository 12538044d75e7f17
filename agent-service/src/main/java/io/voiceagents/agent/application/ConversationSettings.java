package io.voiceagents.agent.application;

import java.time.Duration;

/**
 * Limits of the reply use cases.
 *
 * @param historyMaxMessages how many earlier messages go into a prompt
 * @param llmTimeout         how long a reply waits for the LLM before the caller hears the fallback: the whole
 *                           answer for Reply, the first token for StreamReply
 * @param streamIdleTimeout  once a streamed reply has started, the longest gap between two chunks before it is
 *                           ended with what was generated
 */
public record ConversationSettings(int historyMaxMessages, Duration llmTimeout, Duration streamIdleTimeout) {
}
