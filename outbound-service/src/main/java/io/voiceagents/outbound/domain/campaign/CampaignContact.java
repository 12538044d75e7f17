package io.voiceagents.outbound.domain.campaign;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A contact and how calling it went.
 *
 * @param row            position of the contact across the campaign's uploads, 1-based
 * @param attempts       calls queued for it so far
 * @param callSids       Twilio SIDs of its ended calls, oldest first
 * @param nextAttemptAt  when it is due (pending or waiting-retry), else null
 */
public record CampaignContact(UUID id, UUID campaignId, int row, String number, String name, String metadataJson,
        ContactStatus status, int attempts, List<String> callSids, String lastOutcome, String lastAnsweredBy,
        UUID lastCallId, Instant nextAttemptAt, Instant updatedAt) {
}
