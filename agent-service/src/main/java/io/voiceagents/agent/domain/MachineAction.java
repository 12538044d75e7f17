package io.voiceagents.agent.domain;

import java.util.Locale;

/**
 * What an outbound call does when answering-machine detection says a machine picked up. Hanging up is
 * the default: a message nobody configured is worse than none.
 */
public enum MachineAction {
    /** Wait for the beep, speak the voicemail message (or the greeting), then hang up. */
    LEAVE_MESSAGE,
    /** Hang up as soon as a machine is detected. */
    HANG_UP;

    public static final MachineAction DEFAULT = HANG_UP;

    /** The kebab-case name used in the REST API and the database: leave-message, hang-up. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static MachineAction fromWireName(String value) {
        for (MachineAction action : values()) {
            if (action.wireName().equals(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown machine action: " + value);
    }
}
