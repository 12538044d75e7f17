package io.voiceagents.outbound.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Status of an outbound call. The rank only ever increases (status_rank in the table): a late or repeated event
 * can never move a call backwards. The one exception is the dialer's own retry, which puts a call whose create
 * request failed back to {@link #QUEUED}.
 */
public enum OutboundCallStatus {
    QUEUED("queued", 0),
    DIALING("dialing", 1),
    RINGING("ringing", 2),
    IN_PROGRESS("in-progress", 3),
    COMPLETED("completed", 4),
    BUSY("busy", 4),
    NO_ANSWER("no-answer", 4),
    FAILED("failed", 4),
    CANCELED("canceled", 4);

    public static final int FINAL_RANK = 4;

    private final String wireName;
    private final int rank;

    OutboundCallStatus(String wireName, int rank) {
        this.wireName = wireName;
        this.rank = rank;
    }

    public String wireName() {
        return wireName;
    }

    public int rank() {
        return rank;
    }

    public boolean isFinal() {
        return rank == FINAL_RANK;
    }

    public static Optional<OutboundCallStatus> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.wireName.equals(v)).findFirst();
    }

    /**
     * Twilio's CallStatus (as call-gateway reports it in CallEvents, or as the REST API returns it) in our terms:
     * queued/initiated mean Twilio accepted the call and is dialing; "answered" is the status-callback event name
     * of in-progress.
     */
    public static Optional<OutboundCallStatus> fromTwilio(String twilioStatus) {
        if (twilioStatus == null) {
            return Optional.empty();
        }
        return switch (twilioStatus.strip().toLowerCase(Locale.ROOT)) {
            case "queued", "initiated" -> Optional.of(DIALING);
            case "ringing" -> Optional.of(RINGING);
            case "in-progress", "answered" -> Optional.of(IN_PROGRESS);
            case "completed" -> Optional.of(COMPLETED);
            case "busy" -> Optional.of(BUSY);
            case "no-answer" -> Optional.of(NO_ANSWER);
            case "failed" -> Optional.of(FAILED);
            case "canceled" -> Optional.of(CANCELED);
            default -> Optional.empty();
        };
    }
}
