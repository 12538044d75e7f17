package io.voiceagents.gateway.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Twilio's CallStatus values as a forward-only state machine. Status callbacks arrive out of order
 * and twice, so a status may only move to a strictly higher rank, and a final status is terminal.
 * The rank is stored next to the status so a single conditional UPDATE can enforce this across replicas.
 */
public enum CallStatus {
    QUEUED("queued", 1),
    INITIATED("initiated", 1),
    RINGING("ringing", 2),
    IN_PROGRESS("in-progress", 3),
    ANSWERED("answered", 3),
    COMPLETED("completed", 4),
    BUSY("busy", 4),
    FAILED("failed", 4),
    NO_ANSWER("no-answer", 4),
    CANCELED("canceled", 4);

    private static final int FINAL_RANK = 4;

    private final String wireName;
    private final int rank;

    CallStatus(String wireName, int rank) {
        this.wireName = wireName;
        this.rank = rank;
    }

    /** The value Twilio sends and the one stored and published. */
    public String wireName() {
        return wireName;
    }

    public int rank() {
        return rank;
    }

    public boolean isFinal() {
        return rank == FINAL_RANK;
    }

    /** True when the call was picked up at this status (Twilio reports duration only for these). */
    public boolean impliesAnswered() {
        return this == IN_PROGRESS || this == ANSWERED || this == COMPLETED;
    }

    /** Forward only: a final status never changes, and equal ranks (in-progress vs answered) are no move. */
    public boolean canMoveTo(CallStatus next) {
        return !isFinal() && next.rank > rank;
    }

    /** Parses Twilio's CallStatus; empty for unknown or missing values. */
    public static Optional<CallStatus> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        for (CallStatus status : values()) {
            if (status.wireName.equals(normalized)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
