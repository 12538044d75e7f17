package io.voiceagents.outbound.api.rest;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Requires {@code Authorization: Bearer <one of API_KEY>} on /api/** when API_KEY is set. Pre-matching, so a
 * request without a key is turned away before its body is read or validated. /q/** (probes, metrics) and gRPC never
 * reach JAX-RS filters.
 */
public class ApiKeyFilter {

    static final String CHALLENGE = "Bearer realm=\"voice-agents\"";
    /** Name of the OpenAPI security scheme the /api resources declare. */
    static final String SECURITY_SCHEME = "apiKey";
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);

    private final ApiKeys keys;

    @Inject
    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    void warnWhenOpen(@Observes StartupEvent start) {
        if (!keys.check().required()) {
            LOG.warn(ApiKeyCheck.OPEN_API_WARNING);
        }
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Response authenticate(ContainerRequestContext request) {
        // the decoded path: an encoded "/api%2Fcalls" is checked like the "/api/calls" it may be routed as
        String path = request.getUriInfo().getPath();
        if (!ApiKeyCheck.protects(path)) {
            return null;
        }
        ApiKeyCheck.Outcome outcome = keys.check().check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (outcome == ApiKeyCheck.Outcome.ALLOWED) {
            return null;
        }
        // debug, not warn: anyone on the internet can make this line, and the header value is never logged
        LOG.debugf("%s %s refused: %s", request.getMethod(), path, outcome);
        return Response.status(Response.Status.UNAUTHORIZED)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .entity(Problem.of(401, outcome.detail()))
                .build();
    }
}
