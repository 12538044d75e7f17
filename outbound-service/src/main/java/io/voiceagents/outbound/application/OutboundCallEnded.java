package io.voiceagents.outbound.application;

import java.util.UUID;

/**
 * CDI event fired synchronously, inside the transaction that moved an outbound call to a final status
 * (whatever moved it: a call event, a permanent Twilio error, a status time-out, a cancel). Campaigns
 * observe it to record the contact's outcome and schedule a retry in that same transaction, so a crash
 * cannot separate the two.
 *
 * @param status          completed, busy, no-answer, failed or canceled
 * @param answeredBy      Twilio AnsweredBy when machine detection ran, else null
 * @param callSid         Twilio call SID, null when Twilio never accepted the call
 * @param campaignId      null for single calls
 * @param contactId       null for single calls
 * @param failureReason   why it failed, else null
 */
public record OutboundCallEnded(UUID outboundCallId, UUID campaignId, UUID contactId, int attempt, String status,
        String answeredBy, String callSid, String failureReason) {
}
