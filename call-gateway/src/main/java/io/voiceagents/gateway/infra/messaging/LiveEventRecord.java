package io.voiceagents.gateway.infra.messaging;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.voiceagents.gateway.domain.LiveCallEvent;

/**
 * A live call event on the gateway-internal topic (JSON). Only gateway replicas read it, but it is still a wire
 * format of its own, versioned, so replicas of two versions can run side by side during a rollout.
 *
 * <p>Besides events the topic carries two control records, keyed by the call like its events so they are ordered
 * with them: {@value #WATCH} (replica {@code watcher} has viewers of the call, for {@code leaseMillis} from when it
 * is read) and {@value #UNWATCH} (its last viewer there left). They are no events: a replica that does not know
 * them (an older one) skips them as records of an unknown type, and the two fields they add are optional, absent
 * from events, and ignored by readers that do not know them, so the schema version stays 1.
 *
 * @param type        a {@link LiveCallEvent.Type} name or a control record's; unknown names (a newer replica) are
 *                    skipped by older ones
 * @param watcher     WATCH and UNWATCH: the id of the replica whose viewers it is about, else null
 * @param leaseMillis WATCH: how long it holds without renewal, else null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LiveEventRecord(int schemaVersion, String callSid, Instant at, String type, String text, int turnIndex,
        @JsonInclude(JsonInclude.Include.NON_NULL) String watcher,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long leaseMillis) {

    public static final int SCHEMA_VERSION = 1;
    /** Control record: a replica has viewers of the call. */
    public static final String WATCH = "WATCH";
    /** Control record: a replica no longer has viewers of the call. */
    public static final String UNWATCH = "UNWATCH";

    static LiveEventRecord of(LiveCallEvent event) {
        return new LiveEventRecord(SCHEMA_VERSION, event.callSid(), event.at(), event.type().name(), event.text(),
                event.turnIndex(), null, null);
    }

    static LiveEventRecord watch(String callSid, Instant at, String watcher, Duration lease) {
        return new LiveEventRecord(SCHEMA_VERSION, callSid, at, WATCH, null, -1, watcher, lease.toMillis());
    }

    static LiveEventRecord unwatch(String callSid, Instant at, String watcher) {
        return new LiveEventRecord(SCHEMA_VERSION, callSid, at, UNWATCH, null, -1, watcher, null);
    }

    /** The domain event, or null when the type is unknown here (or a control record's). */
    LiveCallEvent asDomain() {
        try {
            return new LiveCallEvent(callSid, at, LiveCallEvent.Type.valueOf(type), text, turnIndex);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
