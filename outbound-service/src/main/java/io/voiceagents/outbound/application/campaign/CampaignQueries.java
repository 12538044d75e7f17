package io.voiceagents.outbound.application.campaign;

import java.util.Map;
import java.util.UUID;

import io.voiceagents.outbound.application.RejectedException;
import io.voiceagents.outbound.application.RejectedException.Kind;
import io.voiceagents.outbound.application.port.CampaignContactRepository;
import io.voiceagents.outbound.application.port.Page;
import io.voiceagents.outbound.application.port.CampaignRepository;
import io.voiceagents.outbound.domain.campaign.Campaign;
import io.voiceagents.outbound.domain.campaign.CampaignContact;
import io.voiceagents.outbound.domain.campaign.CampaignCounts;
import io.voiceagents.outbound.domain.campaign.CampaignStatus;
import io.voiceagents.outbound.domain.campaign.ContactStatus;
import jakarta.enterprise.context.ApplicationScoped;

/** Campaigns, their counts and their contacts, as the API shows them. Read-only, no locks. */
@ApplicationScoped
public class CampaignQueries {

    private final CampaignRepository campaigns;
    private final CampaignContactRepository contacts;

    public CampaignQueries(CampaignRepository campaigns, CampaignContactRepository contacts) {
        this.campaigns = campaigns;
        this.contacts = contacts;
    }

    public record CampaignView(Campaign campaign, CampaignCounts counts) {
    }

    public CampaignView get(String tenant, UUID id) {
        Campaign campaign = campaigns.find(id, tenant).orElseThrow(() -> notFound(id));
        return new CampaignView(campaign, campaigns.counts(id));
    }

    /** Newest first. */
    public Page<CampaignView> list(String tenant, CampaignStatus status, int page, int size) {
        Page<Campaign> found = campaigns.list(tenant, status, page, size);
        Map<UUID, CampaignCounts> counts = campaigns.counts(found.items().stream().map(Campaign::id).toList());
        return found.map(c -> new CampaignView(c, counts.getOrDefault(c.id(), CampaignCounts.NONE)));
    }

    /** In upload order. */
    public Page<CampaignContact> contacts(String tenant, UUID id, ContactStatus status, int page, int size) {
        campaigns.find(id, tenant).orElseThrow(() -> notFound(id));
        return contacts.page(id, status, page, size);
    }

    /** No campaign with this id for this tenant: another tenant's campaign is as unknown as a missing one. */
    public static RejectedException notFound(Object id) {
        return RejectedException.of(Kind.NOT_FOUND, "No campaign with id " + id + ".");
    }
}
