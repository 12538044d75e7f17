package io.voiceagents.agent.application;

import java.util.UUID;

/**
 * @param agentId        the agent answering; when null it is looked up by {@code toNumber}
 * @param initialMessage said instead of the agent's greeting when not blank
 */
public record StartConversationCommand(
        String callSid,
        UUID agentId,
        String fromNumber,
        String toNumber,
        String direction,
        String initialMessage,
        String metadataJson) {
}
