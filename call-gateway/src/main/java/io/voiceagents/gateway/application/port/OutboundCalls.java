package io.voiceagents.gateway.application.port;

import java.util.Optional;
import java.util.UUID;

/**
 * outbound-service, asked what an outbound call Twilio has just connected is for. The adapter applies
 * the call-start deadline and maps failures to {@link OutboundServiceException}.
 */
public interface OutboundCalls {

    /** The instructions of the outbound call; empty when outbound-service does not know the id. */
    Optional<Instructions> find(UUID outboundCallId);

    /**
     * @param agentId        the agent placing the call, null when outbound-service did not say
     * @param initialMessage said instead of the agent's greeting, null when none
     * @param metadataJson   free JSON for the agent's context, null when none
     */
    record Instructions(UUID outboundCallId, String agentId, String initialMessage, String metadataJson) {
    }
}
