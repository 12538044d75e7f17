package io.voiceagents.outbound.domain.campaign;

import java.util.Arrays;
import java.util.Optional;

/** Final status of one call to a contact, as outbound_calls records it. */
public enum CallOutcome {
    COMPLETED("completed"),
    BUSY("busy"),
    NO_ANSWER("no-answer"),
    FAILED("failed"),
    CANCELED("canceled");

    private final String wireName;

    CallOutcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CallOutcome> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
    }

    /** The outcomes a retry policy may name: a completed call is done, a canceled one was meant to stop. */
    public boolean isRetriable() {
        return this == BUSY || this == NO_ANSWER || this == FAILED;
    }
}
