package io.voiceagents.agent.domain;

import java.time.Instant;
import java.util.UUID;

/** The conversation of one call (one per call SID). */
public record Conversation(
        UUID id,
        UUID agentId,
        String callSid,
        String fromNumber,
        String toNumber,
        String direction,
        String metadataJson,
        ConversationStatus status,
        String finalStatus,
        Instant startedAt,
        Instant endedAt) {

    public boolean isActive() {
        return status == ConversationStatus.ACTIVE;
    }

    /** The turn id of the agent's opening line: turn index 0, as the gateway numbers turns. */
    public static String greetingTurnId(String callSid) {
        return callSid + ":0";
    }
}
