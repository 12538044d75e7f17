package io.voiceagents.outbound.domain;

import java.util.UUID;

/**
 * The call-gateway URLs Twilio requests for an outbound call. The outbound call id and agent travel in the query
 * string, which X-Twilio-Signature covers: the callee side cannot forge them.
 *
 * @param publicBaseUrl call-gateway's public base URL (PUBLIC_BASE_URL), without trailing slash
 */
public record WebhookUrls(String publicBaseUrl) {

    public WebhookUrls {
        if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
            throw new IllegalArgumentException("public base URL is required");
        }
        publicBaseUrl = publicBaseUrl.strip().replaceAll("/+$", "");
    }

    /** Requested by Twilio when the callee answers: TwiML for the conversation. */
    public String voiceUrl(UUID outboundCallId, UUID agentId) {
        return publicBaseUrl + "/twilio/voice/outbound" + query(outboundCallId, agentId);
    }

    /** Status callbacks: initiated, ringing, answered, completed. */
    public String statusCallbackUrl(UUID outboundCallId, UUID agentId) {
        return publicBaseUrl + "/twilio/voice/status" + query(outboundCallId, agentId);
    }

    private static String query(UUID outboundCallId, UUID agentId) {
        // UUIDs need no URL encoding
        return "?oc=" + outboundCallId + "&agent=" + agentId;
    }
}
