package io.voiceagents.outbound.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Twilio's Calls REST resource. Every method sends exactly one request (no hidden retries: a repeated create
 * could dial twice) and reports failures as {@link TwilioCallException}, classified.
 */
public interface TwilioCalls {

    /** Asks Twilio to place the call; returns the call Twilio created. */
    TwilioCall create(DialRequest request);

    /** Cancels a queued or ringing call (Status=canceled); returns the call as Twilio has it afterwards. */
    TwilioCall cancel(String callSid);

    /** The call, or empty when Twilio does not know the SID. */
    Optional<TwilioCall> fetch(String callSid);

    /** Calls from {@code from} to {@code to} Twilio created at or after {@code since}, oldest first. */
    List<TwilioCall> findCreatedSince(String to, String from, Instant since);

    /**
     * @param machineDetection Twilio MachineDetection value, null for none
     * @param ringTimeoutSeconds Twilio Timeout: how long to let the callee's phone ring
     */
    record DialRequest(UUID outboundCallId, UUID agentId, String to, String from, String machineDetection,
            int ringTimeoutSeconds) {
    }

    /**
     * A call as Twilio reports it.
     *
     * @param status Twilio CallStatus (queued, ringing, in-progress, completed, busy, failed, no-answer, canceled)
     */
    record TwilioCall(String sid, String to, String from, String status, Instant dateCreated, String answeredBy,
            Long durationSeconds) {
    }
}
