package io.voiceagents.outbound.domain.campaign;

import java.util.UUID;

/**
 * What a campaign's creator chose.
 *
 * @param fromNumber          caller ID (E.164), one of the agent's numbers; null in a request means "the agent's first"
 * @param initialMessage      said first instead of the agent's greeting, null for the greeting
 * @param metadataJson        JSON object passed to the agent on every call of the campaign, null for none
 * @param machineDetection    ask Twilio for answering-machine detection on each call
 * @param maxConcurrentCalls  campaign calls queued or on the line at once
 * @param callsPerSecond      how fast the campaign queues calls, at most the account's calls per second
 */
public record CampaignSettings(String name, UUID agentId, String fromNumber, String initialMessage,
        String metadataJson, boolean machineDetection, CallingWindow window, int maxConcurrentCalls,
        double callsPerSecond, RetryPolicy retry) {

    public CampaignSettings withFromNumber(String number) {
        return new CampaignSettings(name, agentId, number, initialMessage, metadataJson, machineDetection, window,
                maxConcurrentCalls, callsPerSecond, retry);
    }
}
