package io.voiceagents.outbound.application.campaign;

/**
 * The whole request is refused because of one field (an unknown agent, a number that is not the agent's, too many
 * rows, a start without contacts). {@code status} is the HTTP status the API answers with.
 */
public class CampaignRequestException extends RuntimeException {

    public static final int UNPROCESSABLE = 422;
    public static final int TOO_LARGE = 413;

    private final int status;
    private final String field;

    public CampaignRequestException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
