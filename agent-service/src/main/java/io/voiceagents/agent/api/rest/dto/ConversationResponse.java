package io.voiceagents.agent.api.rest.dto;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.voiceagents.agent.domain.Conversation;
import io.voiceagents.agent.domain.Message;

/** A call's conversation; {@code messages} only in the single-conversation view. */
@Schema(name = "Conversation")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationResponse(
        UUID id,
        UUID agentId,
        String callSid,
        String fromNumber,
        String toNumber,
        String direction,
        @Schema(description = "Free JSON the call was started with") JsonNode metadata,
        @Schema(enumeration = {"active", "ended"}) String status,
        String finalStatus,
        Instant startedAt,
        Instant endedAt,
        List<MessageResponse> messages) {

    @Schema(name = "Message")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MessageResponse(
            UUID id,
            int seq,
            @Schema(enumeration = {"user", "assistant"}) String role,
            String text,
            Instant createdAt,
            Long llmLatencyMs,
            @Schema(enumeration = {"ok", "fallback", "greeting", "end_call", "transfer"}) String outcome,
            String turnId,
            @Schema(description = "The caller interrupted this agent message; text is what they heard")
            boolean interrupted,
            @Schema(description = "The whole reply as generated, when the caller interrupted it", nullable = true)
            String generatedText,
            @Schema(description = "The number the call was transferred to (outcome transfer)", nullable = true)
            String transferTo) {

        public static MessageResponse of(Message m) {
            return new MessageResponse(m.id(), m.seq(), m.role().name().toLowerCase(java.util.Locale.ROOT), m.text(),
                    m.createdAt(), m.llmLatencyMs(),
                    m.outcome() == null ? null : m.outcome().name().toLowerCase(java.util.Locale.ROOT), m.turnId(),
                    m.interrupted(), m.generatedText(), m.transferTo());
        }
    }

    public static ConversationResponse of(Conversation c, JsonNode metadata, List<Message> messages) {
        return new ConversationResponse(c.id(), c.agentId(), c.callSid(), c.fromNumber(), c.toNumber(), c.direction(),
                metadata, c.status().name().toLowerCase(java.util.Locale.ROOT), c.finalStatus(), c.startedAt(),
                c.endedAt(), messages == null ? null : messages.stream().map(MessageResponse::of).toList());
    }
}
