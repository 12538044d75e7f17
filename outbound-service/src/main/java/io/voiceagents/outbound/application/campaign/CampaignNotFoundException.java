package io.voiceagents.outbound.application.campaign;

import java.util.UUID;

/** No campaign with this id for this tenant (a 404). */
public class CampaignNotFoundException extends RuntimeException {

    public CampaignNotFoundException(UUID id) {
        super("no campaign with id " + id);
    }

    public CampaignNotFoundException(String id) {
        super("no campaign with id " + id);
    }
}
