package io.voiceagents.gateway.domain;

import java.util.Locale;

/**
 * Who picked up an outbound call, from Twilio's {@code AnsweredBy} (present only when machine
 * detection ran). Twilio reports machines as machine_start (Enable) or machine_end_beep /
 * machine_end_silence / machine_end_other (DetectMessageEnd, sent once the greeting is over).
 */
public enum AnsweredBy {
    HUMAN,
    MACHINE,
    FAX,
    /** "unknown", no AnsweredBy at all, or a value Twilio may add later: treated like a person. */
    UNKNOWN;

    public static AnsweredBy fromWire(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "human" -> HUMAN;
            case "machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other" -> MACHINE;
            case "fax" -> FAX;
            default -> UNKNOWN;
        };
    }
}
