package io.voiceagents.outbound.api.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.voiceagents.outbound.api.rest.OutboundCallDtos.CreateRequest;
import io.voiceagents.outbound.api.rest.OutboundCallDtos.OutboundCallPage;
import io.voiceagents.outbound.api.rest.OutboundCallDtos.OutboundCallResponse;
import io.voiceagents.outbound.application.CancelOutboundCall;
import io.voiceagents.outbound.application.OutboundCallQueries;
import io.voiceagents.outbound.application.PlaceCallCommand;
import io.voiceagents.outbound.application.PlaceOutboundCall;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.application.RejectedException;
import io.voiceagents.outbound.application.RejectedException.FieldError;
import io.voiceagents.outbound.application.RejectedException.Kind;
import io.voiceagents.outbound.application.port.OutboundCallRepository.CallFilter;
import io.voiceagents.outbound.domain.OutboundCallStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Single outbound calls: place, read, list, cancel. Parsing only; the use cases decide. */
@Path("/api/calls/outbound")
@SecurityScheme(securitySchemeName = ApiKeyFilter.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "API_KEY, when the service is started with keys: Authorization: Bearer <key>")
@SecurityRequirement(name = ApiKeyFilter.SECURITY_SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Outbound calls", description = "Calls an agent places, one at a time")
public class OutboundCallsResource {

    @Inject
    PlaceOutboundCall place;

    @Inject
    CancelOutboundCall cancel;

    @Inject
    OutboundCallQueries queries;

    @Inject
    ApiKeys keys;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Place an outbound call", description = "Validates and queues the call; the dialer places "
            + "it at Twilio's pace. The same Idempotency-Key with the same body returns the same call.")
    @APIResponse(responseCode = "201", description = "Queued",
            content = @Content(schema = @Schema(implementation = OutboundCallResponse.class)))
    @APIResponse(responseCode = "200", description = "The call an earlier request with this Idempotency-Key created")
    @APIResponse(responseCode = "400", description = "Invalid field", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Idempotency-Key reused with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Destination not allowed, unknown agent, caller ID not the agent's",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "429", description = "A per-key limit; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "agent-service did not answer",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response create(
            @Parameter(description = "Makes retries safe: at most 200 characters, scoped to the API key")
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            CreateRequest body) {
        if (body == null) {
            throw RejectedException.of(Kind.INVALID, "A JSON body with at least 'to' and 'agentId' is required.");
        }
        String metadata = null;
        if (body.metadata() != null && !body.metadata().isNull()) {
            if (!body.metadata().isObject()) {
                throw RejectedException.field(Kind.INVALID, "metadata", "must be a JSON object");
            }
            metadata = canonical(body.metadata());
        }
        PlaceOutboundCall.Result result = place.place(new PlaceCallCommand(keys.check().tenant(authorization),
                idempotencyKey, body.to(), body.agentId(), body.initialMessage(), metadata, body.from(),
                Boolean.TRUE.equals(body.machineDetection())));
        OutboundCallResponse call = OutboundCallResponse.of(result.call());
        if (!result.created()) {
            return Response.ok(call).build();
        }
        return Response.created(URI.create("/api/calls/outbound/" + call.id())).entity(call).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get an outbound call")
    @APIResponse(responseCode = "200", description = "The call",
            content = @Content(schema = @Schema(implementation = OutboundCallResponse.class)))
    @APIResponse(responseCode = "404", description = "Unknown id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public OutboundCallResponse get(@RestPath String id,
            @RestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        return OutboundCallResponse.of(ownCall(id, authorization));
    }

    /** The call, when the caller's API key placed it: another key's calls are as unknown as missing ones (404). */
    private OutboundCall ownCall(String id, String authorization) {
        String tenant = keys.check().tenant(authorization);
        return queries.find(id(id)).filter(call -> call.tenant().equals(tenant)).orElseThrow(() -> notFound(id));
    }

    @GET
    @Operation(summary = "List outbound calls", description = "Newest first; single and campaign calls")
    @APIResponse(responseCode = "200", description = "A page of calls",
            content = @Content(schema = @Schema(implementation = OutboundCallPage.class)))
    public OutboundCallPage list(
            @Parameter(description = "Zero-based page number", example = "0") @RestQuery String page,
            @Parameter(description = "Page size, 1 to " + PageParams.MAX_SIZE, example = "20") @RestQuery String size,
            @Parameter(description = "Only calls in this status") @RestQuery String status,
            @Parameter(description = "Only calls of this agent") @RestQuery String agentId,
            @Parameter(description = "Only calls of this campaign") @RestQuery String campaignId,
            @RestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        List<FieldError> errors = new ArrayList<>();
        PageParams paging = PageParams.parse(page, size, errors);
        OutboundCallStatus statusFilter = null;
        if (status != null && !status.isBlank()) {
            statusFilter = OutboundCallStatus.fromWire(status).orElse(null);
            if (statusFilter == null) {
                errors.add(new FieldError("status", "must be one of " + Arrays.stream(OutboundCallStatus.values())
                        .map(OutboundCallStatus::wireName).collect(Collectors.joining(", "))));
            }
        }
        UUID agent = optionalUuid("agentId", agentId, errors);
        UUID campaign = optionalUuid("campaignId", campaignId, errors);
        if (!errors.isEmpty()) {
            throw new RejectedException(Kind.INVALID, "One or more parameters are invalid.", errors, 0);
        }
        return OutboundCallPage.of(queries.list(new CallFilter(keys.check().tenant(authorization), statusFilter, agent, campaign), paging.page(), paging.size()));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancel an outbound call", description = "Queued: canceled, never dialed. Dialing or "
            + "ringing: canceled at Twilio. Create request in flight: 202, canceled as soon as Twilio answers. "
            + "In progress or ended: 409.")
    @APIResponse(responseCode = "200", description = "Canceled",
            content = @Content(schema = @Schema(implementation = OutboundCallResponse.class)))
    @APIResponse(responseCode = "202", description = "Cancel recorded, applied when the create request returns")
    @APIResponse(responseCode = "404", description = "Unknown id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "Answered or ended", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response cancel(@RestPath String id, @RestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        CancelOutboundCall.Result result = cancel.cancel(ownCall(id, authorization).id());
        return Response.status(result.pending() ? 202 : 200).entity(OutboundCallResponse.of(result.call())).build();
    }

    private static UUID id(String raw) {
        try {
            UUID id = UUID.fromString(raw);
            if (id.toString().equalsIgnoreCase(raw)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // not an id of ours: the same answer as an unknown one
        }
        throw notFound(raw);
    }

    private static RejectedException notFound(String id) {
        return RejectedException.of(Kind.NOT_FOUND, "No outbound call with id " + id + ".");
    }

    private static UUID optionalUuid(String name, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, "must be a UUID"));
            return null;
        }
    }

    /** The object with its keys sorted at every level: the same metadata always hashes the same. */
    private String canonical(JsonNode metadata) {
        try {
            return json.writeValueAsString(sorted(metadata));
        } catch (JsonProcessingException e) {
            throw RejectedException.field(Kind.INVALID, "metadata", "cannot be written as JSON");
        }
    }

    private JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            ObjectNode copy = json.createObjectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = json.createArrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
