package io.voiceagents.gateway.api.twilio;

import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.vertx.core.http.HttpServerRequest;
import io.voiceagents.gateway.api.rest.Problem;
import io.voiceagents.gateway.config.GatewaySettings;

/**
 * Rejects every /twilio/** request that Twilio did not sign. The URL checked is the configured public
 * base URL + the request's raw path and query: X-Forwarded-* headers are attacker-controlled and are
 * never consulted. Missing signature → 400, wrong signature → 403.
 */
public class TwilioSignatureFilter {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    private static final String PREFIX = "/twilio";
    private static final Logger LOG = Logger.getLogger(TwilioSignatureFilter.class);

    @Inject
    GatewaySettings settings;

    @Inject
    TwilioSignatureValidator validator;

    @WithFormRead
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response verify(ResteasyReactiveContainerRequestContext context, HttpServerRequest request) {
        String path = request.path();
        if (path == null || !(path.equals(PREFIX) || path.startsWith(PREFIX + "/"))) {
            return null;
        }
        String signature = context.getHeaderString(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            LOG.warnf("unsigned request to %s rejected", path);
            return Problem.of(Response.Status.BAD_REQUEST, "The X-Twilio-Signature header is missing.").toResponse();
        }
        String query = request.query();
        String url = settings.publicBaseUrl() + path + (query == null ? "" : "?" + query);
        Map<String, List<String>> params = formParameters(context);
        if (!validator.isValid(url, params, signature)) {
            LOG.warnf("request to %s with an invalid Twilio signature rejected (checked against %s)", path, url);
            return Problem.of(Response.Status.FORBIDDEN, "The X-Twilio-Signature does not match this request.")
                    .toResponse();
        }
        return null;
    }

    private static Map<String, List<String>> formParameters(ResteasyReactiveContainerRequestContext context) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        FormData form = ((ResteasyReactiveRequestContext) context.getServerRequestContext()).getFormData();
        if (form == null) {
            return params;
        }
        for (String name : form) {
            Deque<FormValue> values = form.get(name);
            List<String> list = new ArrayList<>(values == null ? 0 : values.size());
            if (values != null) {
                values.forEach(value -> list.add(value.getValue()));
            }
            params.put(name, list);
        }
        return params;
    }
}
