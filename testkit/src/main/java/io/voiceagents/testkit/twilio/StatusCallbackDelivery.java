package io.voiceagents.testkit.twilio;

import java.util.Map;

/**
 * One status callback request sent.
 *
 * @param callStatus       value of {@code CallStatus}
 * @param sequenceNumber   value of {@code SequenceNumber} (0-based, in the order Twilio generated them)
 * @param duplicate        true for a retry of an earlier delivery (same params and idempotency token)
 * @param idempotencyToken value of {@code I-Twilio-Idempotency-Token}
 * @param params           parameters sent
 * @param response         what the server answered
 */
public record StatusCallbackDelivery(String callStatus, int sequenceNumber, boolean duplicate, String idempotencyToken,
                                     Map<String, String> params, WebhookResponse response) {

    StatusCallbackDelivery asDuplicate() {
        return new StatusCallbackDelivery(callStatus, sequenceNumber, true, idempotencyToken, params, null);
    }

    StatusCallbackDelivery withResponse(WebhookResponse r) {
        return new StatusCallbackDelivery(callStatus, sequenceNumber, duplicate, idempotencyToken, params, r);
    }
}
