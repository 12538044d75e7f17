package io.voiceagents.contracts.events;

import java.time.Instant;
import java.util.List;

/**
 * An agent was created, updated or deleted. Keyed by {@code agentId}. Carries what other services need
 * to react (tts-service pre-synthesizes the greeting), never the entity itself.
 *
 * @param version optimistic-lock version of the agent after the change
 */
public record AgentChangedEvent(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        Type type,
        String agentId,
        long version,
        String name,
        String greeting,
        String voice,
        String language,
        List<String> phoneNumbers,
        String callMode) {

    public static final int SCHEMA_VERSION = 1;

    public enum Type { CREATED, UPDATED, DELETED }
}
