package io.voiceagents.outbound.api.rest;

import java.util.List;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.voiceagents.outbound.application.RejectedException;
import io.voiceagents.outbound.domain.campaign.IllegalCampaignTransitionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Every error of the API (single calls and campaigns alike) leaves as application/problem+json naming the field at
 * fault, never as a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response rejected(RejectedException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case UNPROCESSABLE -> 422;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case TOO_MANY_REQUESTS -> 429;
            case UNAVAILABLE -> 503;
            case BAD_GATEWAY -> 502;
        };
        List<Problem.FieldError> errors = e.errors().stream()
                .map(f -> new Problem.FieldError(f.field(), f.message())).toList();
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, e.getMessage(), errors));
        if (status == 429) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfterSeconds())));
        } else if (status == 503) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(UNAVAILABLE_RETRY_AFTER_SECONDS));
        }
        return response.build();
    }

    /** A campaign action its status does not allow (pause a draft, start a canceled one). */
    @ServerExceptionMapper
    public Response illegalCampaignTransition(IllegalCampaignTransitionException e) {
        return Problem.of(409, e.getMessage(), List.of(new Problem.FieldError("status", "is " + e.status().wireName())))
                .toResponse();
    }

    /** A body that is not JSON, or a field of the wrong type: the path of the field is named. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return Problem.of(400, "The request body has a field of the wrong type.",
                    List.of(new Problem.FieldError(field, "has the wrong type"))).toResponse();
        }
        return Problem.of(400, "The request body is not valid JSON.").toResponse();
    }

    /** Quarkus maps this one itself (plain JSON): named here so the answer is a problem naming the field. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        return Problem.of(status, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("request failed unexpectedly", e);
        return Problem.of(500, "The request could not be completed.").toResponse();
    }
}
