package io.voiceagents.gateway.api.ws;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.voiceagents.gateway.api.rest.ApiKeyCheck;
import io.voiceagents.gateway.config.GatewayConfig;

/**
 * The live events socket is part of the operator API: its upgrade needs the API key like /api/** (the JAX-RS
 * filter never sees WebSocket upgrades). Browsers cannot set headers on a WebSocket, so besides
 * {@code Authorization: Bearer <key>} the key may come as the {@code access_token} query parameter (RFC 6750
 * §2.3) — which ends up in access logs, so prefer the header where the client allows it. Without API_KEY it
 * is open, as /api/** is (ApiKeyFilter warns at start).
 */
@ApplicationScoped
public class LiveUpgradeCheck implements HttpUpgradeCheck {

    static final String ACCESS_TOKEN = "access_token";
    private static final Logger LOG = Logger.getLogger(LiveUpgradeCheck.class);

    private final ApiKeyCheck check;

    @Inject
    public LiveUpgradeCheck(GatewayConfig config) {
        this.check = new ApiKeyCheck(config.api().key());
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return LiveCallEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            String token = request.getParam(ACCESS_TOKEN);
            authorization = token == null ? null : "Bearer " + token;
        }
        ApiKeyCheck.Outcome outcome = check.check(authorization);
        if (outcome == ApiKeyCheck.Outcome.ALLOWED) {
            return CheckResult.permitUpgrade();
        }
        LOG.debugf("live view upgrade %s refused: %s", request.path(), outcome);
        return CheckResult.rejectUpgrade(401, Map.of("WWW-Authenticate", List.of("Bearer realm=\"voice-agents\"")));
    }
}
