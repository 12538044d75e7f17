package io.voiceagents.outbound.domain.campaign;

/** An action that the campaign's current status does not allow (a 409 at the API). */
public class IllegalCampaignTransitionException extends RuntimeException {

    private final CampaignStatus status;
    private final CampaignAction action;

    public IllegalCampaignTransitionException(CampaignStatus status, CampaignAction action) {
        super("a " + status.wireName() + " campaign cannot " + action.wireName());
        this.status = status;
        this.action = action;
    }

    public CampaignStatus status() {
        return status;
    }

    public CampaignAction action() {
        return action;
    }
}
