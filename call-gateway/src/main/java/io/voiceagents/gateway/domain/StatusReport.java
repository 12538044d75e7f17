package io.voiceagents.gateway.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A status callback as Twilio delivered it, already parsed.
 *
 * @param sequenceNumber Twilio SequenceNumber, null when absent
 * @param occurredAt     Twilio Timestamp, or the receive time when absent or unparseable
 * @param agentId        the {@code agent} query parameter of the signed callback URL (outbound calls), else null
 * @param outboundCallId the {@code oc} query parameter of the signed callback URL (outbound calls), else null
 */
public record StatusReport(
        String callSid,
        String accountSid,
        CallStatus status,
        String direction,
        String from,
        String to,
        Long durationSeconds,
        Long sequenceNumber,
        Instant occurredAt,
        String answeredBy,
        String agentId,
        UUID outboundCallId) {
}
