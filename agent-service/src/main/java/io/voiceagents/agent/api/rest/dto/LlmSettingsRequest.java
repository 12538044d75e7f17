package io.voiceagents.agent.api.rest.dto;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "LlmSettings", description = "Generation settings; omitted fields take the service defaults")
public record LlmSettingsRequest(
        @Schema(description = "Gemini model name; empty for GEMINI_MODEL", examples = "gemini-2.5-flash")
        @Size(max = 100) @Pattern(regexp = "^[A-Za-z0-9._-]*$", message = "must be a model name like gemini-2.5-flash")
        String model,

        @Schema(description = "0 to 2", defaultValue = "0.7")
        @DecimalMin("0.0") @DecimalMax("2.0")
        Double temperature,

        @Schema(description = "1 to 8192", defaultValue = "1024")
        @Min(1) @Max(8192)
        Integer maxOutputTokens) {
}
