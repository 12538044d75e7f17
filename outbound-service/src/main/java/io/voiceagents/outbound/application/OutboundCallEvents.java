package io.voiceagents.outbound.application;

import java.time.Instant;
import java.util.UUID;

import io.voiceagents.contracts.events.OutboundCallEvent;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.OutboundCallStatus;

/** Builds the {@link OutboundCallEvent} describing a call as it stands after a change. */
final class OutboundCallEvents {

    private OutboundCallEvents() {
    }

    static OutboundCallEvent of(OutboundCallEvent.Type type, OutboundCall call, OutboundCallStatus previous) {
        return new OutboundCallEvent(
                UUID.randomUUID().toString(),
                Instant.now(),
                OutboundCallEvent.SCHEMA_VERSION,
                type,
                call.id().toString(),
                call.agentId().toString(),
                call.campaignId() == null ? null : call.campaignId().toString(),
                call.contactId() == null ? null : call.contactId().toString(),
                call.attempt(),
                call.to(),
                call.from(),
                call.status().wireName(),
                previous == null ? null : previous.wireName(),
                call.callSid(),
                call.answeredBy(),
                call.durationSeconds(),
                call.failureReason());
    }
}
