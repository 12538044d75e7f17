package io.voiceagents.outbound.application.campaign;

import java.time.Instant;
import java.util.UUID;

import io.voiceagents.contracts.events.CampaignEvent;
import io.voiceagents.contracts.events.Topics;
import io.voiceagents.outbound.application.port.CampaignRepository;
import io.voiceagents.outbound.application.port.EventOutbox;
import io.voiceagents.outbound.domain.campaign.Campaign;
import io.voiceagents.outbound.domain.campaign.CampaignAction;
import io.voiceagents.outbound.domain.campaign.CampaignCounts;
import io.voiceagents.outbound.domain.campaign.CampaignStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Applies a lifecycle action to a locked campaign: the domain state machine decides, the row and a CampaignEvent
 * in the outbox change together. Called by the API, the scheduler and the call-outcome observer.
 */
@ApplicationScoped
public class CampaignTransitions {

    private final CampaignRepository campaigns;
    private final EventOutbox outbox;

    public CampaignTransitions(CampaignRepository campaigns, EventOutbox outbox) {
        this.campaigns = campaigns;
        this.outbox = outbox;
    }

    /** Runs {@code action} on the campaign (locked by the caller), returns the new status. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CampaignStatus apply(Campaign campaign, CampaignAction action, Instant now) {
        CampaignStatus previous = campaign.status();
        CampaignStatus next = previous.after(action);
        campaigns.updateStatus(campaign.id(), next, now);
        CampaignEvent.Type type = switch (action) {
            case START -> previous == CampaignStatus.DRAFT ? CampaignEvent.Type.STARTED : CampaignEvent.Type.RESUMED;
            case RESUME -> CampaignEvent.Type.RESUMED;
            case PAUSE -> CampaignEvent.Type.PAUSED;
            case CANCEL -> CampaignEvent.Type.CANCELED;
            case COMPLETE -> CampaignEvent.Type.COMPLETED;
        };
        publish(campaign, type, next, previous, now);
        return next;
    }

    /** CREATED: the campaign and its first contacts are in this transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void created(Campaign campaign, Instant now) {
        publish(campaign, CampaignEvent.Type.CREATED, campaign.status(), null, now);
    }

    private void publish(Campaign campaign, CampaignEvent.Type type, CampaignStatus status, CampaignStatus previous,
            Instant now) {
        CampaignCounts counts = campaigns.counts(campaign.id());
        outbox.append(Topics.CAMPAIGNS, campaign.id().toString(), new CampaignEvent(UUID.randomUUID().toString(), now,
                CampaignEvent.SCHEMA_VERSION, type, campaign.id().toString(),
                campaign.settings().agentId().toString(), status.wireName(),
                previous == null ? null : previous.wireName(), counts.contacts(), counts.completed(), counts.failed(),
                counts.active()));
    }
}
