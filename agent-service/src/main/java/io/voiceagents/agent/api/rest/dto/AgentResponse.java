package io.voiceagents.agent.api.rest.dto;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.voiceagents.agent.domain.Agent;

@Schema(name = "Agent")
public record AgentResponse(
        UUID id,
        String name,
        String instructions,
        String greeting,
        String voice,
        String language,
        List<String> phoneNumbers,
        @Schema(enumeration = {"gather", "stream", "relay"}) String callMode,
        LlmSettingsResponse llm,
        @Schema(description = "What an outbound call does when a machine answers",
                enumeration = {"leave-message", "hang-up"}) String machineAction,
        @Schema(description = "Said to an answering machine; null when the greeting is said instead",
                nullable = true) String voicemailMessage,
        @Schema(description = "Where the agent transfers callers; null when it cannot transfer",
                nullable = true) String transferNumber,
        @Schema(description = "Optimistic-lock version; send it back with PUT") long version,
        Instant createdAt,
        Instant updatedAt) {

    @Schema(name = "LlmSettingsView")
    public record LlmSettingsResponse(String model, double temperature, int maxOutputTokens) {
    }

    public static AgentResponse of(Agent a) {
        return new AgentResponse(a.id(), a.name(), a.instructions(), a.greeting(), a.voice(), a.language(),
                a.phoneNumbers(), a.callMode().wireName(),
                new LlmSettingsResponse(a.llm().model(), a.llm().temperature(), a.llm().maxOutputTokens()),
                a.machineAction().wireName(), a.voicemailMessage(), a.transferNumber(), a.version(), a.createdAt(),
                a.updatedAt());
    }
}
