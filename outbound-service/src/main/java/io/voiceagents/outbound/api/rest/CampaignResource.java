package io.voiceagents.outbound.api.rest;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.voiceagents.outbound.application.RejectedException;
import io.voiceagents.outbound.application.RejectedException.FieldError;
import io.voiceagents.outbound.application.RejectedException.Kind;
import io.voiceagents.outbound.application.campaign.CampaignCommands;
import io.voiceagents.outbound.application.campaign.CampaignQueries;
import io.voiceagents.outbound.application.campaign.ContactReport;
import io.voiceagents.outbound.config.CampaignConfig;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.campaign.CampaignAction;
import io.voiceagents.outbound.domain.campaign.CampaignStatus;
import io.voiceagents.outbound.domain.campaign.ContactStatus;

/**
 * Campaigns: create with contacts, add contacts (JSON or CSV), start, pause, resume, cancel, and follow progress.
 * Bodies are read as text and parsed here, so a malformed one is a 400 naming the field. Campaigns belong to the API
 * key that created them (the tenant, as for single calls): another key's campaign is a 404. Errors leave through
 * {@link ProblemMappers}, as the single-call API's.
 */
@Path("/api/campaigns")
@SecurityRequirement(name = ApiKeyFilter.SECURITY_SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Campaigns", description = "Batches of outbound calls with calling windows, pacing and retries")
public class CampaignResource {

    private final CampaignCommands commands;
    private final CampaignQueries queries;
    private final ObjectMapper json;
    private final CampaignConfig config;
    private final OutboundConfig outboundConfig;
    private final ApiKeys keys;
    /** The current request's headers (a request-scoped proxy: this resource is a singleton). */
    private final HttpHeaders headers;

    public CampaignResource(CampaignCommands commands, CampaignQueries queries, ObjectMapper json,
            CampaignConfig config, OutboundConfig outboundConfig, ApiKeys keys, HttpHeaders headers) {
        this.commands = commands;
        this.queries = queries;
        this.json = json;
        this.config = config;
        this.outboundConfig = outboundConfig;
        this.keys = keys;
        this.headers = headers;
    }

    /**
     * The caller's tenant, from the API key the filter let through ("key-" + hash of the key), or "open" while the
     * API is not protected. Every read and change is scoped by it.
     */
    String tenant() {
        return keys.check().tenant(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a campaign (draft)", description = "Checks the agent (it exists, has a caller-ID "
            + "number, from is one of them) and every contact row; invalid rows are reported and never stored.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CampaignDtos.CampaignRequest.class)))
    @APIResponse(responseCode = "201", description = "Created as draft, with the contact report",
            content = @Content(schema = @Schema(implementation = CampaignDtos.CreatedDto.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More contacts than OUTBOUND_CAMPAIGN_MAX_CONTACTS_PER_UPLOAD",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Unknown agent, agent without a number, from not the agent's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "agent-service did not answer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(String body, @Context UriInfo uri) {
        CampaignRequestParser.Parsed parsed = new CampaignRequestParser(reader(), config.maxConcurrentCalls(),
                outboundConfig.twilio().callsPerSecond()).parse(readJson(body));
        CampaignCommands.Created created = commands.create(tenant(), parsed.settings(), parsed.contacts());
        UUID id = created.campaign().id();
        URI location = uri.getBaseUriBuilder().path("api/campaigns").path(id.toString()).build();
        return Response.created(location).entity(new CampaignDtos.CreatedDto(view(id),
                CampaignDtos.ContactReportDto.of(created.contacts()))).build();
    }

    @POST
    @Path("{id}/contacts")
    @Consumes("text/csv")
    @Operation(summary = "Add contacts from a CSV file", description = "While the campaign is draft or paused. "
            + CampaignContactsReader.CSV_FORMAT + " Values with commas, quotes or line breaks go in double quotes "
            + "(a quote inside doubled). Report rows are CSV lines (the header is line 1).")
    @RequestBody(required = true, content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING,
            example = "number,name,plan\n+14155550123,Ada,gold\n+14155550124,Bob,silver\n")))
    @APIResponse(responseCode = "200", description = "Per-row report",
            content = @Content(schema = @Schema(implementation = CampaignDtos.ContactReportDto.class)))
    @APIResponse(responseCode = "400", description = "No header with a number column, unterminated quote",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The campaign is running, completed or canceled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More rows than OUTBOUND_CAMPAIGN_MAX_CONTACTS_PER_UPLOAD",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignDtos.ContactReportDto addCsvContacts(@RestPath String id, String body) {
        UUID campaignId = campaignId(id);
        ContactReport report = commands.addContacts(tenant(), campaignId,
                reader().fromCsv(body, config.maxContactsPerUpload()));
        return CampaignDtos.ContactReportDto.of(report);
    }

    @POST
    @Path("{id}/contacts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add contacts from a JSON array", description = "While the campaign is draft or paused. "
            + "Each element {number, name?, metadata?}; report rows are 1-based array positions.")
    @RequestBody(required = true, content = @Content(schema = @Schema(type = SchemaType.ARRAY,
            implementation = CampaignDtos.ContactRequest.class)))
    @APIResponse(responseCode = "200", description = "Per-row report",
            content = @Content(schema = @Schema(implementation = CampaignDtos.ContactReportDto.class)))
    @APIResponse(responseCode = "404", description = "No such campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The campaign is running, completed or canceled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignDtos.ContactReportDto addJsonContacts(@RestPath String id, String body) {
        UUID campaignId = campaignId(id);
        ContactReport report = commands.addContacts(tenant(), campaignId, reader().fromJson(readJson(body), "body"));
        return CampaignDtos.ContactReportDto.of(report);
    }

    @GET
    @Operation(summary = "List campaigns", description = "Newest first")
    @APIResponse(responseCode = "200", description = "A page of campaigns",
            content = @Content(schema = @Schema(implementation = CampaignDtos.CampaignPageDto.class)))
    public CampaignDtos.CampaignPageDto list(
            @Parameter(description = "Zero-based page", example = "0") @RestQuery String page,
            @Parameter(description = "Page size, 1 to " + PageParams.MAX_SIZE, example = "20") @RestQuery String size,
            @Parameter(description = "Only campaigns in this status: draft, running, paused, completed, canceled")
            @RestQuery String status) {
        List<FieldError> errors = new ArrayList<>();
        PageParams paging = PageParams.parse(page, size, errors);
        CampaignStatus statusFilter = null;
        if (status != null && !status.isBlank()) {
            statusFilter = CampaignStatus.fromWire(status.strip()).orElse(null);
            if (statusFilter == null) {
                errors.add(new FieldError("status", "must be one of " + CampaignDtos.statusNames()));
            }
        }
        if (!errors.isEmpty()) {
            throw RejectedException.invalid(errors);
        }
        return CampaignDtos.CampaignPageDto.of(queries.list(tenant(), statusFilter, paging.page(), paging.size()),
                Instant.now());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a campaign", description = "Settings, status, counts by contact status and by outcome, "
            + "progress and timestamps")
    @APIResponse(responseCode = "200", description = "The campaign",
            content = @Content(schema = @Schema(implementation = CampaignDtos.CampaignResponse.class)))
    @APIResponse(responseCode = "404", description = "No such campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignDtos.CampaignResponse get(@RestPath String id) {
        return view(campaignId(id));
    }

    @GET
    @Path("{id}/contacts")
    @Operation(summary = "Contacts of a campaign and how calling them went", description = "In upload order")
    @APIResponse(responseCode = "200", description = "A page of contacts",
            content = @Content(schema = @Schema(implementation = CampaignDtos.ContactPageDto.class)))
    @APIResponse(responseCode = "404", description = "No such campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignDtos.ContactPageDto contacts(@RestPath String id,
            @Parameter(description = "pending, calling, waiting-retry, completed, failed, canceled") @RestQuery
            String status,
            @Parameter(description = "Zero-based page", example = "0") @RestQuery String page,
            @Parameter(description = "Page size, 1 to " + PageParams.MAX_SIZE, example = "20") @RestQuery String size) {
        UUID campaignId = campaignId(id);
        List<FieldError> errors = new ArrayList<>();
        PageParams paging = PageParams.parse(page, size, errors);
        ContactStatus statusFilter = null;
        if (status != null && !status.isBlank()) {
            statusFilter = ContactStatus.fromWire(status.strip()).orElse(null);
            if (statusFilter == null) {
                errors.add(new FieldError("status",
                        "must be one of pending, calling, waiting-retry, completed, failed, canceled"));
            }
        }
        if (!errors.isEmpty()) {
            throw RejectedException.invalid(errors);
        }
        return CampaignDtos.ContactPageDto.of(queries.contacts(tenant(), campaignId, statusFilter,
                paging.page(), paging.size()));
    }

    @POST
    @Path("{id}/start")
    @Operation(summary = "Start a draft campaign (or resume a paused one)", description = "Checks the agent again; "
            + "calls are placed inside the calling window only.")
    @APIResponse(responseCode = "200", description = "Running",
            content = @Content(schema = @Schema(implementation = CampaignDtos.CampaignResponse.class)))
    @APIResponse(responseCode = "409", description = "Not draft or paused",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "No contacts, or the agent cannot call from the campaign's number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignDtos.CampaignResponse start(@RestPath String id) {
        UUID campaignId = campaignId(id);
        commands.start(tenant(), campaignId, CampaignAction.START);
        return view(campaignId);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume a paused campaign")
    @APIResponse(responseCode = "200", description = "Running",
            content = @Content(schema = @Schema(implementation = CampaignDtos.CampaignResponse.class)))
    @APIResponse(responseCode = "409", description = "Not paused",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignDtos.CampaignResponse resume(@RestPath String id) {
        UUID campaignId = campaignId(id);
        commands.start(tenant(), campaignId, CampaignAction.RESUME);
        return view(campaignId);
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Pause a running campaign", description = "No new call is queued or dialed: calls already "
            + "queued wait in the queue until the campaign is resumed; calls on the line go on.")
    @APIResponse(responseCode = "200", description = "Paused",
            content = @Content(schema = @Schema(implementation = CampaignDtos.CampaignResponse.class)))
    @APIResponse(responseCode = "409", description = "Not running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignDtos.CampaignResponse pause(@RestPath String id) {
        UUID campaignId = campaignId(id);
        commands.pause(tenant(), campaignId);
        return view(campaignId);
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a campaign", description = "Contacts not yet called are canceled, and so are calls "
            + "still waiting in the dial queue; calls already dialing or on the line finish normally.")
    @APIResponse(responseCode = "200", description = "Canceled",
            content = @Content(schema = @Schema(implementation = CampaignDtos.CampaignResponse.class)))
    @APIResponse(responseCode = "409", description = "Already completed or canceled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignDtos.CampaignResponse cancel(@RestPath String id) {
        UUID campaignId = campaignId(id);
        commands.cancel(tenant(), campaignId);
        return view(campaignId);
    }

    // ---- helpers ----

    private CampaignDtos.CampaignResponse view(UUID id) {
        return CampaignDtos.CampaignResponse.of(queries.get(tenant(), id), Instant.now());
    }

    private CampaignContactsReader reader() {
        return new CampaignContactsReader(json);
    }

    private JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            throw RejectedException.field(Kind.INVALID, "body", "is empty: a JSON document is expected");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw RejectedException.field(Kind.INVALID, "body", "is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static UUID campaignId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw CampaignQueries.notFound(id);
        }
    }
}
