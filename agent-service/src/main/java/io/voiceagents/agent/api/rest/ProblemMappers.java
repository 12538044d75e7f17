package io.voiceagents.agent.api.rest;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.voiceagents.agent.api.rest.dto.Problem;
import io.voiceagents.agent.api.rest.dto.Problem.FieldError;
import io.voiceagents.agent.application.AgentNotFoundException;
import io.voiceagents.agent.application.ConversationNotFoundException;
import io.voiceagents.agent.application.InvalidInputException;
import io.voiceagents.agent.application.PhoneNumberInUseException;
import io.voiceagents.agent.application.VersionConflictException;

/** Every error of the REST API as application/problem+json; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String TYPE = "urn:voiceagents:problem:";

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        boolean returnValue = e.getConstraintViolations().stream()
                .anyMatch(v -> kinds(v.getPropertyPath()).contains(ElementKind.RETURN_VALUE));
        if (returnValue) {
            return unexpected(e);
        }
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return respond(new Problem(TYPE + "validation", "Invalid request", 400,
                "The request has " + errors.size() + " invalid field(s).", errors, null));
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e) {
        return respond(new Problem(TYPE + "validation", "Invalid request", 400, e.getMessage(),
                List.of(new FieldError(e.field(), e.getMessage())), null));
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response agentNotFound(AgentNotFoundException e) {
        return respond(new Problem(TYPE + "not-found", "Not found", 404, e.getMessage(), null, null));
    }

    @ServerExceptionMapper
    public Response conversationNotFound(ConversationNotFoundException e) {
        return respond(new Problem(TYPE + "not-found", "Not found", 404, e.getMessage(), null, null));
    }

    @ServerExceptionMapper
    public Response versionConflict(VersionConflictException e) {
        return respond(new Problem(TYPE + "version-conflict", "Version conflict", 409,
                e.getMessage() + "; re-read the agent and apply the change to version " + e.currentVersion(),
                List.of(new FieldError("version", "is stale, the current version is " + e.currentVersion())),
                e.currentVersion()));
    }

    @ServerExceptionMapper
    public Response phoneNumberInUse(PhoneNumberInUseException e) {
        return respond(new Problem(TYPE + "phone-number-in-use", "Phone number in use", 409, e.getMessage(),
                List.of(new FieldError(e.field(), e.getMessage())), null));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return malformed(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request failed" : known.getReasonPhrase();
        return respond(new Problem(TYPE + "http-" + status, title, status, e.getMessage(), null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected error handling a request", e);
        return respond(new Problem(TYPE + "internal", "Internal error", 500,
                "The request failed unexpectedly; the server log has the details.", null, null));
    }

    private static Response malformed(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping) : "";
        String detail = e instanceof JsonMappingException && !field.isEmpty()
                ? "The value of " + field + " has the wrong type."
                : "The body is not valid JSON.";
        List<FieldError> errors = field.isEmpty() ? List.of(new FieldError("body", detail))
                : List.of(new FieldError(field, "has the wrong type"));
        return respond(new Problem(TYPE + "malformed-body", "Malformed request body", 400, detail, errors, null));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** "create.request.phoneNumbers[0].&lt;list element&gt;" becomes "phoneNumbers[0]". */
    static String fieldPath(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (node.isInIterable()) {
                path.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(node.getName());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static List<ElementKind> kinds(Path path) {
        List<ElementKind> kinds = new java.util.ArrayList<>();
        path.forEach(node -> kinds.add(node.getKind()));
        return kinds;
    }
}
