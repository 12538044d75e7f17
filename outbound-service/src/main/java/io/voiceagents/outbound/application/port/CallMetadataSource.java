package io.voiceagents.outbound.application.port;

import io.voiceagents.outbound.domain.OutboundCall;

/**
 * The metadata JSON call-gateway passes into the agent's context when an outbound call connects. The default
 * returns the metadata stored with the call; a campaign may provide its own bean that merges the contact's name and
 * metadata for campaign calls (the default bean steps aside when another one exists).
 */
public interface CallMetadataSource {

    /** A JSON object, or null when the call has no metadata. */
    String metadataJson(OutboundCall call);
}
