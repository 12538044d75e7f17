package io.voiceagents.outbound.application.campaign;

import io.voiceagents.outbound.domain.campaign.CampaignStatus;

/** The campaign's status does not allow the request (contacts added to a running campaign): a 409. */
public class CampaignStateConflictException extends RuntimeException {

    private final CampaignStatus status;

    public CampaignStateConflictException(CampaignStatus status, String message) {
        super(message);
        this.status = status;
    }

    public CampaignStatus status() {
        return status;
    }
}
