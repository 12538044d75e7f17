package io.voiceagents.gateway.domain;

/** What an outbound call does when answering-machine detection says a machine picked up. */
public enum MachineAction {
    /** Not configured: treated as {@link #HANG_UP}. */
    UNSPECIFIED,
    /** Speak the agent's voicemail message (after the beep), then hang up. */
    LEAVE_MESSAGE,
    /** Hang up at once. */
    HANG_UP
}
