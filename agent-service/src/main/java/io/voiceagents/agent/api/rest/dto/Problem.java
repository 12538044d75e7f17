package io.voiceagents.agent.api.rest.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details, with the fields at fault for validation errors. */
@Schema(name = "Problem")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        List<FieldError> errors,
        @Schema(description = "On a version conflict: the agent's current version") Long currentVersion) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "Path of the field, e.g. phoneNumbers[0] or llm.temperature") String field,
            String message) {
    }
}
