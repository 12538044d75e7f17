package io.voiceagents.agent.domain;

import java.util.Locale;

/** How a call to the agent runs (see DESIGN.md, "The three ways a call can run"). */
public enum CallMode {
    GATHER, STREAM, RELAY;

    /** The lower-case name used in the REST API, the database and events. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallMode fromWireName(String value) {
        for (CallMode mode : values()) {
            if (mode.wireName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown call mode: " + value);
    }
}
