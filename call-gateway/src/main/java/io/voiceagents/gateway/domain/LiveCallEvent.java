package io.voiceagents.gateway.domain;

import java.time.Instant;

/**
 * One thing a live viewer of a call sees, in order per call.
 *
 * @param type     what happened
 * @param text     transcript text (CALLER_*, AGENT_*), the status name (STATUS), the digits (DTMF),
 *                 the heard text (AGENT_INTERRUPTED), else null
 * @param turnIndex the turn it belongs to, or -1
 */
public record LiveCallEvent(String callSid, Instant at, Type type, String text, int turnIndex) {

    public enum Type {
        /** The call's status changed (text: ringing, in-progress, completed, ...). */
        STATUS,
        /** The caller started speaking. */
        CALLER_SPEAKING,
        /** Provisional transcript of the caller's current utterance. */
        CALLER_INTERIM,
        /** Final transcript of a caller turn. */
        CALLER_FINAL,
        /** The caller pressed keys. */
        DTMF,
        /** Text of the agent's reply as it is generated (a delta). */
        AGENT_TEXT,
        /** The agent finished speaking a turn (text: the whole reply as spoken). */
        AGENT_DONE,
        /** The caller interrupted the agent (text: what was heard). */
        AGENT_INTERRUPTED,
        /** The call ended (text: the reason). */
        ENDED
    }
}
