package io.voiceagents.gateway.api.rest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.voiceagents.gateway.application.CallQueryService;
import io.voiceagents.gateway.application.port.CallRepository;
import io.voiceagents.gateway.domain.CallStatus;

/** Calls and their transcripts. Query parameters are parsed here so each bad one is named in the 400 problem. */
@Path("/api/calls")
@SecurityScheme(securitySchemeName = ApiKeyFilter.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "API_KEY, when the service is started with one: Authorization: Bearer <API_KEY>")
@SecurityRequirement(name = ApiKeyFilter.SECURITY_SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calls", description = "Calls handled by the gateway and their transcripts")
public class CallsResource {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    @Inject
    CallQueryService queries;

    @GET
    @Operation(summary = "List calls", description = "Newest first, optionally filtered by agent and status")
    @APIResponse(responseCode = "200", description = "A page of calls",
            content = @Content(schema = @Schema(implementation = CallDtos.CallPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CallDtos.CallPage list(
            @Parameter(description = "Zero-based page number", example = "0") @RestQuery String page,
            @Parameter(description = "Page size, 1 to " + MAX_SIZE, example = "20") @RestQuery String size,
            @Parameter(description = "Only calls answered by this agent") @RestQuery String agentId,
            @Parameter(description = "Only calls in this Twilio status, e.g. completed") @RestQuery String status) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int pageNumber = parseInt("page", page, 0, 0, Integer.MAX_VALUE, errors);
        int pageSize = parseInt("size", size, DEFAULT_SIZE, 1, MAX_SIZE, errors);
        CallStatus statusFilter = null;
        if (status != null && !status.isBlank()) {
            Optional<CallStatus> parsed = CallStatus.fromWire(status);
            if (parsed.isEmpty()) {
                errors.add(new Problem.FieldError("status", "must be one of " + Arrays.stream(CallStatus.values())
                        .map(CallStatus::wireName).collect(Collectors.joining(", "))));
            } else {
                statusFilter = parsed.get();
            }
        }
        if (agentId != null && agentId.length() > 255) {
            errors.add(new Problem.FieldError("agentId", "must be at most 255 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.validation(errors));
        }
        String agentFilter = agentId == null || agentId.isBlank() ? null : agentId.trim();
        return CallDtos.CallPage.of(queries.list(new CallRepository.CallFilter(agentFilter, statusFilter), pageNumber, pageSize));
    }

    @GET
    @Path("{callSid}")
    @Operation(summary = "Get a call", description = "The call with its transcript: the greeting (or the voicemail "
            + "message left on an answering machine) and every turn in order")
    @APIResponse(responseCode = "200", description = "The call",
            content = @Content(schema = @Schema(implementation = CallDtos.CallDetails.class)))
    @APIResponse(responseCode = "404", description = "Unknown call SID",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CallDtos.CallDetails get(@Parameter(description = "Twilio call SID") @RestPath String callSid) {
        return queries.find(callSid)
                .map(CallDtos.CallDetails::of)
                .orElseThrow(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                        "No call with SID " + callSid + " is known.")));
    }

    private static int parseInt(String name, String value, int defaultValue, int min, int max,
            List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                errors.add(new Problem.FieldError(name, max == Integer.MAX_VALUE
                        ? "must be " + min + " or more" : "must be between " + min + " and " + max));
                return defaultValue;
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError(name, "must be a whole number"));
            return defaultValue;
        }
    }
}
