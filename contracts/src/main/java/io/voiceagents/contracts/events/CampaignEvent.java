package io.voiceagents.contracts.events;

import java.time.Instant;

/**
 * A fact about a campaign, published after its state changed. Keyed by {@code campaignId}.
 *
 * @param eventId         unique id of this event (consumers de-duplicate on it)
 * @param occurredAt      when the fact happened
 * @param schemaVersion   {@link #SCHEMA_VERSION} at publication
 * @param type            what happened
 * @param campaignId      the campaign (the key)
 * @param agentId         the agent that places the campaign's calls
 * @param status          status after the fact: draft, running, paused, completed, canceled
 * @param previousStatus  status before the fact, null for CREATED
 * @param contacts        contacts in the campaign (valid rows only)
 * @param reached         contacts whose call was answered
 * @param failed          contacts given up on (final outcome not answered, no retries left)
 * @param pending         contacts still to call or waiting for a retry or on a call
 */
public record CampaignEvent(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        Type type,
        String campaignId,
        String agentId,
        String status,
        String previousStatus,
        long contacts,
        long reached,
        long failed,
        long pending) {

    public static final int SCHEMA_VERSION = 1;

    public enum Type {
        CREATED,
        STARTED,
        PAUSED,
        RESUMED,
        COMPLETED,
        CANCELED
    }
}
