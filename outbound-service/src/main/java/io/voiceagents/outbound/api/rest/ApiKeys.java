package io.voiceagents.outbound.api.rest;

import io.voiceagents.outbound.config.OutboundConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The API_KEY check of this service, shared by the filter (who may call) and the resources (which tenant). */
@ApplicationScoped
public class ApiKeys {

    private final ApiKeyCheck check;

    @Inject
    public ApiKeys(OutboundConfig config) {
        this.check = new ApiKeyCheck(config.api().key());
    }

    public ApiKeyCheck check() {
        return check;
    }
}
