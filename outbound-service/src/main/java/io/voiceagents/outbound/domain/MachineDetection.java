package io.voiceagents.outbound.domain;

/**
 * Twilio's MachineDetection parameter for an outbound call. Only sent when the caller asked for detection: an agent
 * that leaves a voicemail message waits for the end of the greeting and the beep ({@code DetectMessageEnd}), any
 * other agent only needs to know a machine answered ({@code Enable}) to hang up at once.
 */
public final class MachineDetection {

    public static final String ENABLE = "Enable";
    public static final String DETECT_MESSAGE_END = "DetectMessageEnd";

    private MachineDetection() {
    }

    /** The value to store with the call, null when no detection runs. */
    public static String forCall(boolean requested, boolean agentLeavesMessage) {
        if (!requested) {
            return null;
        }
        return agentLeavesMessage ? DETECT_MESSAGE_END : ENABLE;
    }

    /**
     * The value to send to Twilio for a stored value: the two Twilio values as they are, "true" (a boolean written by
     * hand or by an older writer) as {@code Enable}, anything else as no detection.
     */
    public static String toTwilio(String stored) {
        if (stored == null) {
            return null;
        }
        if (stored.equals(ENABLE) || stored.equals(DETECT_MESSAGE_END)) {
            return stored;
        }
        return stored.equalsIgnoreCase("true") ? ENABLE : null;
    }
}
