package io.voiceagents.outbound.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An outbound call as stored in the dial queue (single call or campaign call).
 *
 * @param tenant           who asked: "key-" + 12 hex of the API key's SHA-256, or "open"
 * @param metadataJson     free JSON object for the agent's context, null when none
 * @param machineDetection Twilio MachineDetection value to send, null when detection was not asked
 * @param dialRequests     create requests sent to Twilio so far
 * @param dialStartedAt    when the last create request was (to be) sent
 * @param dialedAt         when Twilio accepted the call (its SID became known)
 */
public record OutboundCall(
        UUID id,
        String tenant,
        UUID agentId,
        String to,
        String from,
        OutboundCallStatus status,
        String callSid,
        String idempotencyKey,
        String initialMessage,
        String metadataJson,
        String machineDetection,
        UUID campaignId,
        UUID contactId,
        int attempt,
        int dialRequests,
        Instant createdAt,
        Instant updatedAt,
        Instant nextDialAt,
        Instant dialStartedAt,
        Instant dialedAt,
        Instant ringingAt,
        Instant answeredAt,
        Instant endedAt,
        Long durationSeconds,
        String answeredBy,
        String failureReason,
        Integer twilioErrorCode,
        Instant cancelRequestedAt) {

    public boolean isCampaignCall() {
        return campaignId != null;
    }
}
