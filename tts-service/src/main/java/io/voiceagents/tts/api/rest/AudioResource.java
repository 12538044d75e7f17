package io.voiceagents.tts.api.rest;

import java.util.Optional;

import io.voiceagents.tts.application.FindAudio;
import io.voiceagents.tts.domain.AudioFormat;
import io.voiceagents.tts.domain.AudioId;
import io.voiceagents.tts.domain.Phrase;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Synthesized audio at stable public URLs, fetched by Twilio for {@code <Play>}. The id is a content address, so
 * a URL's bytes never change: responses may be cached forever and revalidated by ETag.
 */
@Path("/tts/audio")
@Tag(name = "Audio", description = "Synthesized phrases, as Twilio <Play> fetches them")
public class AudioResource {

    static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

    private final FindAudio findAudio;

    public AudioResource(FindAudio findAudio) {
        this.findAudio = findAudio;
    }

    @GET
    @Path("{audioId}.wav")
    @Produces({"audio/wav", Problem.MEDIA_TYPE})
    @Operation(summary = "Audio of a synthesized phrase",
            description = "RIFF/WAVE, G.711 mu-law, 8 kHz, mono. Immutable: the id is a hash of text, voice, language and format.")
    @APIResponse(responseCode = "200", description = "The audio file",
            content = @Content(mediaType = "audio/wav", schema = @Schema(format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match matched the ETag")
    @APIResponse(responseCode = "404", description = "No phrase with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(@Parameter(description = "Audio id returned by SynthesisService.Synthesize")
                        @PathParam("audioId") String audioId,
                        @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return serve(audioId, ifNoneMatch, true);
    }

    @HEAD
    @Path("{audioId}.wav")
    @Produces({"audio/wav", Problem.MEDIA_TYPE})
    @Operation(summary = "Headers of a synthesized phrase's audio (size, ETag) without the body")
    public Response head(@PathParam("audioId") String audioId,
                         @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return serve(audioId, ifNoneMatch, false);
    }

    private Response serve(String audioId, String ifNoneMatch, boolean withBody) {
        Optional<Phrase> phrase = AudioId.parse(audioId).flatMap(findAudio::find)
                .filter(p -> p.key().format() == AudioFormat.WAV_MULAW_8K);
        if (phrase.isEmpty()) {
            return Problem.notFound("No synthesized audio with id '" + audioId + "'.",
                    "/tts/audio/" + audioId + ".wav");
        }
        Phrase found = phrase.get();
        EntityTag etag = new EntityTag(found.id().value());
        if (EntityTags.matches(ifNoneMatch, etag.getValue())) {
            return Response.notModified(etag).header(HttpHeaders.CACHE_CONTROL, CACHE_FOREVER).build();
        }
        Response.ResponseBuilder response = withBody ? Response.ok(found.audio()) : Response.ok();
        return response.type(found.contentType())
                .tag(etag)
                .header(HttpHeaders.CACHE_CONTROL, CACHE_FOREVER)
                .header(HttpHeaders.CONTENT_LENGTH, found.sizeBytes())
                .build();
    }
}
