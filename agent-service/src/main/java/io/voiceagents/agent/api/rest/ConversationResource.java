package io.voiceagents.agent.api.rest;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.voiceagents.agent.api.rest.dto.ConversationResponse;
import io.voiceagents.agent.api.rest.dto.PageResponse;
import io.voiceagents.agent.api.rest.dto.Problem;
import io.voiceagents.agent.application.ConversationQueries;
import io.voiceagents.agent.domain.Conversation;

@Path("/api/agents/{agentId}/conversations")
@SecurityRequirement(name = ApiKeyFilter.SECURITY_SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conversations", description = "What was said on an agent's calls")
public class ConversationResource {

    private final ConversationQueries conversations;
    private final ObjectMapper json;

    public ConversationResource(ConversationQueries conversations, ObjectMapper json) {
        this.conversations = conversations;
        this.json = json;
    }

    @GET
    @Operation(summary = "List an agent's conversations, newest first (without messages)")
    @APIResponse(responseCode = "200", description = "One page of conversations")
    @APIResponse(responseCode = "404", description = "No such agent",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PageResponse<ConversationResponse> list(@PathParam("agentId") UUID agentId,
            @QueryParam("page") String page, @QueryParam("size") String size) {
        PageParams params = PageParams.parse(page, size);
        return PageResponse.of(conversations.list(agentId, params.page(), params.size()),
                c -> ConversationResponse.of(c, metadata(c), null));
    }

    @GET
    @Path("{conversationId}")
    @Operation(summary = "Get one conversation with its messages in order")
    @APIResponse(responseCode = "200", description = "The conversation",
            content = @Content(schema = @Schema(implementation = ConversationResponse.class)))
    @APIResponse(responseCode = "404", description = "No such agent or conversation",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ConversationResponse get(@PathParam("agentId") UUID agentId,
            @PathParam("conversationId") UUID conversationId) {
        ConversationQueries.Transcript transcript = conversations.get(agentId, conversationId);
        return ConversationResponse.of(transcript.conversation(), metadata(transcript.conversation()),
                transcript.messages() == null ? List.of() : transcript.messages());
    }

    /** Metadata is checked to be JSON when a call starts; text from anywhere else is shown as a string. */
    private JsonNode metadata(Conversation c) {
        if (c.metadataJson() == null || c.metadataJson().isBlank()) {
            return null;
        }
        try {
            return json.readTree(c.metadataJson());
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(c.metadataJson());
        }
    }
}
