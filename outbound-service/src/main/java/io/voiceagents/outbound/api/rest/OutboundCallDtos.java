package io.voiceagents.outbound.api.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;

import io.voiceagents.outbound.application.port.Page;
import io.voiceagents.outbound.domain.OutboundCall;

/** JSON shapes of /api/calls/outbound. */
public final class OutboundCallDtos {

    private OutboundCallDtos() {
    }

    @Schema(description = "A single outbound call to place")
    public record CreateRequest(
            @Schema(description = "Callee, E.164", example = "+14155550123", required = true) String to,
            @Schema(description = "The agent that speaks (UUID)", required = true) String agentId,
            @Schema(description = "Said first instead of the agent's greeting, at most 1000 characters")
            String initialMessage,
            @Schema(description = "Free JSON object passed into the agent's context, at most 8 KB") JsonNode metadata,
            @Schema(description = "Caller ID: one of the agent's numbers (default: its first)") String from,
            @Schema(description = "Detect answering machines (the agent then leaves its voicemail message or hangs up)",
                    defaultValue = "false") Boolean machineDetection) {
    }

    @Schema(description = "An outbound call and where it stands")
    public record OutboundCallResponse(
            UUID id,
            @Schema(description = "queued, dialing, ringing, in-progress, completed, busy, no-answer, failed, canceled")
            String status,
            String to,
            String from,
            UUID agentId,
            String initialMessage,
            @JsonRawValue @Schema(implementation = Object.class) String metadata,
            boolean machineDetection,
            @Schema(description = "Twilio call SID once Twilio accepted the call") String callSid,
            int attempt,
            UUID campaignId,
            UUID contactId,
            Instant createdAt,
            @Schema(description = "When Twilio accepted the call") Instant dialedAt,
            Instant ringingAt,
            Instant answeredAt,
            Instant endedAt,
            Long durationSeconds,
            String answeredBy,
            String failureReason,
            Integer twilioErrorCode,
            @Schema(description = "Set while a cancel waits for the in-flight create request") Instant cancelRequestedAt) {

        static OutboundCallResponse of(OutboundCall c) {
            return new OutboundCallResponse(c.id(), c.status().wireName(), c.to(), c.from(), c.agentId(),
                    c.initialMessage(), c.metadataJson(), c.machineDetection() != null, c.callSid(), c.attempt(),
                    c.campaignId(), c.contactId(), c.createdAt(), c.dialedAt(), c.ringingAt(), c.answeredAt(),
                    c.endedAt(), c.durationSeconds(), c.answeredBy(), c.failureReason(), c.twilioErrorCode(),
                    c.cancelRequestedAt());
        }
    }

    public record OutboundCallPage(List<OutboundCallResponse> items, int page, int size, long totalItems,
            int totalPages) {

        static OutboundCallPage of(Page<OutboundCall> page) {
            return new OutboundCallPage(page.items().stream().map(OutboundCallResponse::of).toList(), page.page(),
                    page.size(), page.totalItems(), page.totalPages());
        }
    }
}
