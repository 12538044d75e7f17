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

    /**
     * What happened. Most types are few per turn and make up the call's state and transcript; the
     * {@linkplain #streaming() streaming} ones come many times a second while someone speaks and only show the
     * words as they form, so they are worth sending only while someone watches the call.
     */
    public enum Type {
        /** The call's status changed (text: ringing, in-progress, completed, ...). */
        STATUS(false),
        /**
         * The caller started speaking. Once per utterance (and per cough), and a dashboard's "speaking" indicator
         * would miss it otherwise: not streaming.
         */
        CALLER_SPEAKING(false),
        /** Provisional transcript of the caller's current utterance (the whole utterance so far, replaced by the next). */
        CALLER_INTERIM(true),
        /** Final transcript of a caller turn. */
        CALLER_FINAL(false),
        /** The caller pressed keys. */
        DTMF(false),
        /** Text of the agent's reply as it is generated (a delta; AGENT_DONE carries the whole reply). */
        AGENT_TEXT(true),
        /** The agent finished speaking a turn (text: the whole reply as spoken). */
        AGENT_DONE(false),
        /** The caller interrupted the agent (text: what was heard). */
        AGENT_INTERRUPTED(false),
        /** The call ended (text: the reason). */
        ENDED(false);

        private final boolean streaming;

        Type(boolean streaming) {
            this.streaming = streaming;
        }

        /**
         * True for the high-frequency types (interim caller text, reply deltas): a later event of another type
         * (CALLER_FINAL, AGENT_DONE) carries what they showed, so losing them loses nothing lasting.
         */
        public boolean streaming() {
            return streaming;
        }
    }
}
