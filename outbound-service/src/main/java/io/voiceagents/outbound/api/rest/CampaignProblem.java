package io.voiceagents.outbound.api.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details of the campaign API; {@code errors} names each field at fault. */
@Schema(name = "CampaignProblem")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CampaignProblem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE = "urn:voiceagents:problem:";

    @Schema(name = "CampaignFieldError")
    public record FieldError(@Schema(description = "e.g. window.start, retry.maxAttempts, agentId") String field,
            String message) {
    }

    static CampaignProblem of(String type, String title, int status, String detail, List<FieldError> errors) {
        return new CampaignProblem(TYPE + type, title, status, detail, errors);
    }

    Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
