package io.voiceagents.outbound.domain.campaign;

import java.util.Arrays;
import java.util.Optional;

/** pending → calling → (waiting-retry → calling)* → completed | failed | canceled. */
public enum ContactStatus {
    PENDING("pending"),
    CALLING("calling"),
    WAITING_RETRY("waiting-retry"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELED("canceled");

    private final String wireName;

    ContactStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ContactStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(value)).findFirst();
    }

    /** Still has something to do: to be called, on a call, or waiting for a retry. */
    public boolean isActive() {
        return this == PENDING || this == CALLING || this == WAITING_RETRY;
    }
}
