package io.voiceagents.tts.api.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem details, the body of every error this service returns over HTTP.
 *
 * @param errors per-field validation messages, omitted when there are none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Response notFound(String detail, String instance) {
        return response(new Problem("about:blank", "Not Found", 404, detail, instance, List.of()));
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
    }
}
