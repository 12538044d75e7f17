package io.voiceagents.gateway.api.ws;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.voiceagents.gateway.api.twilio.TwilioSignatureValidator;
import io.voiceagents.gateway.config.GatewaySettings;

/**
 * Only Twilio may open the call sockets: every WebSocket upgrade under /twilio (Media Streams at
 * /twilio/media, ConversationRelay at /twilio/relay) must carry an {@code X-Twilio-Signature} valid for the
 * public wss:// URL of its path (a GET: no parameters are signed). Missing → 400, invalid → 403; a missing
 * or broken public URL rejects too — this check never lets an upgrade through when it cannot verify it.
 * Other sockets (the live events feed) authenticate themselves.
 */
@ApplicationScoped
public class TwilioUpgradeCheck implements HttpUpgradeCheck {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    private static final String PREFIX = "/twilio";
    private static final Logger LOG = Logger.getLogger(TwilioUpgradeCheck.class);

    private final GatewaySettings settings;
    private final TwilioSignatureValidator validator;

    @Inject
    public TwilioUpgradeCheck(GatewaySettings settings, TwilioSignatureValidator validator) {
        this.settings = settings;
        this.validator = validator;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return Uni.createFrom().item(check(context.httpRequest()));
    }

    CheckResult check(HttpServerRequest request) {
        String path = request.path();
        if (path == null || !(path.equals(PREFIX) || path.startsWith(PREFIX + "/"))) {
            return CheckResult.permitUpgradeSync();
        }
        String signature = request.getHeader(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            LOG.warnf("unsigned WebSocket upgrade to %s rejected", path);
            return CheckResult.rejectUpgradeSync(400);
        }
        String url;
        try {
            String query = request.query();
            url = settings.socketUrl(path) + (query == null || query.isEmpty() ? "" : "?" + query);
        } catch (RuntimeException e) {
            LOG.errorf("WebSocket upgrade to %s rejected: the public URL is not usable (%s)", path, e.getMessage());
            return CheckResult.rejectUpgradeSync(403);
        }
        if (!validator.isValid(url, Map.of(), signature)) {
            LOG.warnf("WebSocket upgrade to %s with an invalid Twilio signature rejected (checked against %s)", path, url);
            return CheckResult.rejectUpgradeSync(403);
        }
        return CheckResult.permitUpgradeSync();
    }
}
