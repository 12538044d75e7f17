package io.voiceagents.agent.application;

/**
 * One caller turn as the gRPC edge received it.
 *
 * @param utterance     what the caller said; may be empty when {@code dtmfDigits} is set
 * @param turnId        identifies the caller turn across retries; null when the gateway gave none
 * @param dtmfDigits    keys the caller pressed as (part of) this turn, or null
 * @param receivedNanos {@link System#nanoTime()} when the request arrived: the start of agent-service's own time
 */
public record ReplyCommand(String callSid, String utterance, String turnId, String dtmfDigits, long receivedNanos) {
}
