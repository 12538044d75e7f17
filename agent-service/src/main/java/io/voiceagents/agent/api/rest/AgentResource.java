package io.voiceagents.agent.api.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.voiceagents.agent.api.rest.dto.AgentRequest;
import io.voiceagents.agent.api.rest.dto.AgentResponse;
import io.voiceagents.agent.api.rest.dto.PageResponse;
import io.voiceagents.agent.api.rest.dto.Problem;
import io.voiceagents.agent.application.AgentService;
import io.voiceagents.agent.application.InvalidInputException;
import io.voiceagents.agent.domain.Agent;
import io.voiceagents.agent.domain.AgentDraft;
import io.voiceagents.agent.domain.CallMode;
import io.voiceagents.agent.domain.LlmSettings;
import io.voiceagents.agent.domain.MachineAction;

@Path("/api/agents")
@SecurityScheme(securitySchemeName = ApiKeyFilter.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "API_KEY, when the service is started with one: Authorization: Bearer <API_KEY>")
@SecurityRequirement(name = ApiKeyFilter.SECURITY_SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Agents", description = "The AI phone agents and the numbers they answer")
public class AgentResource {

    private final AgentService agents;

    public AgentResource(AgentService agents) {
        this.agents = agents;
    }

    @POST
    @Operation(summary = "Create an agent")
    @APIResponse(responseCode = "201", description = "Created; Location names the agent",
            content = @Content(schema = @Schema(implementation = AgentResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A phone number already answers for another agent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@Valid @NotNull AgentRequest body, @jakarta.ws.rs.core.Context UriInfo uri) {
        Agent agent = agents.create(toDraft(body));
        URI location = uri.getBaseUriBuilder().path("api/agents").path(agent.id().toString()).build();
        return Response.created(location).tag(etag(agent)).entity(AgentResponse.of(agent)).build();
    }

    @GET
    @Operation(summary = "List agents, newest first")
    @APIResponse(responseCode = "200", description = "One page of agents")
    @APIResponse(responseCode = "400", description = "Bad page or size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PageResponse<AgentResponse> list(
            @Parameter(description = "Zero-based page", schema = @Schema(defaultValue = "0")) @QueryParam("page")
            String page,
            @Parameter(description = "Page size, at most 100", schema = @Schema(defaultValue = "20"))
            @QueryParam("size") String size) {
        PageParams params = PageParams.parse(page, size);
        return PageResponse.of(agents.list(params.page(), params.size()), AgentResponse::of);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get an agent")
    @APIResponse(responseCode = "200", description = "The agent; ETag carries its version",
            content = @Content(schema = @Schema(implementation = AgentResponse.class)))
    @APIResponse(responseCode = "404", description = "No such agent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("id") UUID id) {
        Agent agent = agents.get(id);
        return Response.ok(AgentResponse.of(agent)).tag(etag(agent)).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Replace an agent",
            description = "Needs the version the change is based on, in the body or as If-Match.")
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(schema = @Schema(implementation = AgentResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields or no version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such agent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Stale version (currentVersion says which is current),"
            + " or a phone number taken by another agent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response update(@PathParam("id") UUID id,
            @Parameter(description = "The agent's version, as its ETag") @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull AgentRequest body) {
        long version = expectedVersion(body.version(), ifMatch);
        Agent agent = agents.update(id, toDraft(body), version);
        return Response.ok(AgentResponse.of(agent)).tag(etag(agent)).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an agent, its numbers and its conversations")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such agent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response delete(@PathParam("id") UUID id) {
        agents.delete(id);
        return Response.noContent().build();
    }

    static AgentDraft toDraft(AgentRequest body) {
        LlmSettings llm = null;
        if (body.llm() != null) {
            llm = new LlmSettings(body.llm().model(),
                    body.llm().temperature() == null ? LlmSettings.DEFAULT_TEMPERATURE : body.llm().temperature(),
                    body.llm().maxOutputTokens() == null ? LlmSettings.DEFAULT_MAX_OUTPUT_TOKENS
                            : body.llm().maxOutputTokens());
        }
        return new AgentDraft(body.name(), body.instructions(), body.greeting(), body.voice(), body.language(),
                body.phoneNumbers() == null ? List.of() : body.phoneNumbers(),
                body.callMode() == null || body.callMode().isEmpty() ? null : CallMode.fromWireName(body.callMode()),
                llm,
                body.machineAction() == null ? null : MachineAction.fromWireName(body.machineAction()),
                body.voicemailMessage(),
                body.transferNumber());
    }

    /** The version from the body or from If-Match ("3", W/"3" or 3); when both are given they must agree. */
    static long expectedVersion(Long bodyVersion, String ifMatch) {
        Long headerVersion = null;
        if (ifMatch != null && !ifMatch.isBlank()) {
            String tag = ifMatch.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            tag = tag.replace("\"", "");
            try {
                headerVersion = Long.parseLong(tag);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("If-Match", "must be the agent's version as given in its ETag, e.g. \"3\"");
            }
        }
        if (bodyVersion == null && headerVersion == null) {
            throw new InvalidInputException("version",
                    "is required: send the version you read in the body or as an If-Match header");
        }
        if (bodyVersion != null && headerVersion != null && !bodyVersion.equals(headerVersion)) {
            throw new InvalidInputException("version", "differs from the If-Match header");
        }
        return bodyVersion != null ? bodyVersion : headerVersion;
    }

    private static EntityTag etag(Agent agent) {
        return new EntityTag(Long.toString(agent.version()));
    }
}
