package io.voiceagents.contracts.events;

import java.time.Instant;

/**
 * A fact about a call outbound-service places, published after its state changed. Keyed by
 * {@code outboundCallId}.
 *
 * @param eventId          unique id of this event (consumers de-duplicate on it)
 * @param occurredAt       when the fact happened
 * @param schemaVersion    {@link #SCHEMA_VERSION} at publication
 * @param type             what happened
 * @param outboundCallId   outbound-service's id of the call (the key)
 * @param agentId          the agent that speaks on the call
 * @param campaignId       the campaign the call belongs to, null for a single call
 * @param contactId        the campaign contact called, null for a single call
 * @param attempt          1 for the first call to a contact, 2 for its first retry, ...; 1 for single calls
 * @param to               the callee (E.164)
 * @param from             the caller ID (E.164)
 * @param status           status after the fact: queued, dialing, ringing, in-progress, completed, busy,
 *                         no-answer, failed, canceled
 * @param previousStatus   status before the fact, null for QUEUED
 * @param callSid          Twilio call SID once Twilio accepted the call, else null
 * @param answeredBy       Twilio AnsweredBy when machine detection ran, else null
 * @param durationSeconds  call duration once the call ended and Twilio reported it, else null
 * @param failureReason    why the call failed (Twilio error, status time-out, ...), else null
 */
public record OutboundCallEvent(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        Type type,
        String outboundCallId,
        String agentId,
        String campaignId,
        String contactId,
        int attempt,
        String to,
        String from,
        String status,
        String previousStatus,
        String callSid,
        String answeredBy,
        Long durationSeconds,
        String failureReason) {

    public static final int SCHEMA_VERSION = 1;

    public enum Type {
        /** Accepted and waiting in the dial queue. */
        QUEUED,
        /** The status moved forward (dialing, ringing, in-progress). */
        STATUS_CHANGED,
        /** A final status was reached: completed, busy, no-answer, failed or canceled. */
        ENDED
    }
}
