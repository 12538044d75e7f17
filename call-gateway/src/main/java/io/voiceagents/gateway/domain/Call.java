package io.voiceagents.gateway.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A phone call as the gateway knows it.
 *
 * @param agentId           null when no agent answers the called number
 * @param voice             the answering agent's voice, used for every turn of the call
 * @param lastSequenceNumber Twilio SequenceNumber of the last status callback applied, null before any
 * @param outboundCallId    outbound-service's id when it placed the call (from the signed webhook URL), else null
 */
public record Call(
        String callSid,
        String accountSid,
        String agentId,
        String direction,
        String from,
        String to,
        CallStatus status,
        Long lastSequenceNumber,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt,
        Long durationSeconds,
        Instant createdAt,
        Instant updatedAt,
        long version,
        AgentVoice voice,
        UUID outboundCallId) {
}
