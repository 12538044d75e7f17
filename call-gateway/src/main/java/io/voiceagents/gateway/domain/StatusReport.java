package io.voiceagents.gateway.domain;

import java.time.Instant;

/**
 * A status callback as Twilio delivered it, already parsed.
 *
 * @param sequenceNumber Twilio SequenceNumber, null when absent
 * @param occurredAt     Twilio Timestamp, or the receive time when absent or unparseable
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
        String answeredBy) {
}
