package io.voiceagents.outbound.application;

import io.quarkus.arc.DefaultBean;
import io.voiceagents.outbound.application.port.CallMetadataSource;
import io.voiceagents.outbound.domain.OutboundCall;
import jakarta.enterprise.context.ApplicationScoped;

/** The metadata stored with the call, as given in the request (or written by the campaign that queued it). */
@DefaultBean
@ApplicationScoped
public class StoredCallMetadata implements CallMetadataSource {

    @Override
    public String metadataJson(OutboundCall call) {
        return call.metadataJson();
    }
}
