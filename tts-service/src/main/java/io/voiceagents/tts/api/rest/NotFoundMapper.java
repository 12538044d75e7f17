package io.voiceagents.tts.api.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Unknown paths answer with a problem document too, e.g. an audio URL without the .wav extension. */
@Provider
public class NotFoundMapper implements ExceptionMapper<NotFoundException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(NotFoundException exception) {
        String path = uriInfo == null ? null : "/" + uriInfo.getPath().replaceFirst("^/", "");
        return Problem.notFound("Nothing at this path.", path);
    }
}
