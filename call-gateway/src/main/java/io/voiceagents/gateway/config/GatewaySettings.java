package io.voiceagents.gateway.config;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Validated accessors over {@link GatewayConfig} for values that are Optional only to report them well. */
@ApplicationScoped
public class GatewaySettings {

    private final GatewayConfig config;
    private final Optional<String> publicBaseUrl;
    private final String publicBaseUrlProblem;

    @Inject
    public GatewaySettings(GatewayConfig config) {
        this.config = config;
        Optional<String> problem = GatewayConfigCheck.publicBaseUrlProblem(config.publicBaseUrl());
        this.publicBaseUrl = problem.isEmpty() ? config.publicBaseUrl().map(String::trim) : Optional.empty();
        this.publicBaseUrlProblem = problem.orElse(null);
    }

    public GatewayConfig config() {
        return config;
    }

    /** PUBLIC_BASE_URL without trailing slash; fails closed when it is missing or invalid. */
    public String publicBaseUrl() {
        return publicBaseUrl.orElseThrow(() -> new IllegalStateException(publicBaseUrlProblem));
    }

    /**
     * The public WebSocket URL of {@code path} ("/twilio/media"): the public base URL with https → wss
     * (http → ws, for a local sandbox without TLS). Twilio connects to it and signs the upgrade over it.
     */
    public String socketUrl(String path) {
        String base = publicBaseUrl();
        if (base.regionMatches(true, 0, "https://", 0, 8)) {
            return "wss://" + base.substring(8) + path;
        }
        return "ws://" + base.substring("http://".length()) + path;
    }

    /** Absolute URL Twilio posts gather results to. */
    public String gatherUrl() {
        return publicBaseUrl() + "/twilio/voice/gather";
    }
}
