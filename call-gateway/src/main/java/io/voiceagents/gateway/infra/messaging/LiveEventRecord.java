package io.voiceagents.gateway.infra.messaging;

import java.time.Instant;

import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * A live call event on the gateway-internal topic (JSON). Only gateway replicas read it, but it is still a wire
 * format of its own, versioned, so replicas of two versions can run side by side during a rollout.
 *
 * @param type a {@link LiveCallEvent.Type} name; unknown names (a newer replica) are skipped by older ones
 */
public record LiveEventRecord(int schemaVersion, String callSid, Instant at, String type, String text, int turnIndex) {

    public static final int SCHEMA_VERSION = 1;

    static LiveEventRecord of(LiveCallEvent event) {
        return new LiveEventRecord(SCHEMA_VERSION, event.callSid(), event.at(), event.type().name(), event.text(),
                event.turnIndex());
    }

    /** The domain event, or null when the type is unknown here. */
    LiveCallEvent asDomain() {
        try {
            return new LiveCallEvent(callSid, at, LiveCallEvent.Type.valueOf(type), text, turnIndex);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
