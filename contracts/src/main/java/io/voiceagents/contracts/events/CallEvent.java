package io.voiceagents.contracts.events;

import java.time.Instant;

/**
 * A fact about a call, published after it happened. Keyed by {@code callSid}.
 *
 * @param eventId         unique id of this event (consumers de-duplicate on it)
 * @param occurredAt      when the fact happened
 * @param schemaVersion   {@link #SCHEMA_VERSION} at publication
 * @param type            what happened
 * @param callSid         Twilio call SID (the key)
 * @param agentId         the agent handling the call, null when no agent answers the number
 * @param direction       Twilio Direction: inbound, outbound-api, outbound-dial
 * @param from            caller number (E.164)
 * @param to              called number (E.164)
 * @param status          Twilio CallStatus after the fact: queued, ringing, in-progress, completed, busy, failed, no-answer, canceled
 * @param previousStatus  status before the fact, null for STARTED
 * @param durationSeconds call duration when Twilio reported it, else null
 * @param answeredBy      Twilio AnsweredBy when machine detection ran, else null
 * @param outboundCallId  outbound-service's id of the call when outbound-service placed it (taken from the signed
 *                        webhook URL), else null. Added in schema version 1 as an optional field.
 */
public record CallEvent(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        Type type,
        String callSid,
        String agentId,
        String direction,
        String from,
        String to,
        String status,
        String previousStatus,
        Long durationSeconds,
        String answeredBy,
        String outboundCallId) {

    public static final int SCHEMA_VERSION = 1;

    public enum Type {
        /** The first webhook for the call arrived and the call was stored. */
        STARTED,
        /** The status moved forward (never backwards). */
        STATUS_CHANGED,
        /** The call reached a final status: completed, busy, failed, no-answer or canceled. */
        ENDED
    }
}
