package io.voiceagents.outbound.application.campaign;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.voiceagents.outbound.application.AgentLookup;
import io.voiceagents.outbound.application.CallTransitions;
import io.voiceagents.outbound.application.DialQueueSignal;
import io.voiceagents.outbound.application.RejectedException;
import io.voiceagents.outbound.application.RejectedException.FieldError;
import io.voiceagents.outbound.application.RejectedException.Kind;
import io.voiceagents.outbound.application.port.AgentDirectory;
import io.voiceagents.outbound.application.port.CampaignCallQueue;
import io.voiceagents.outbound.application.port.CampaignContactRepository;
import io.voiceagents.outbound.application.port.CampaignRepository;
import io.voiceagents.outbound.config.CampaignConfig;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.DestinationPolicy;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.campaign.Campaign;
import io.voiceagents.outbound.domain.campaign.CampaignAction;
import io.voiceagents.outbound.domain.campaign.CampaignSettings;
import io.voiceagents.outbound.domain.campaign.CampaignStatus;
import io.voiceagents.outbound.domain.campaign.ContactCandidate;
import io.voiceagents.outbound.domain.campaign.ContactScreening;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Creating campaigns, adding contacts, and the lifecycle actions. agent-service is asked before a transaction
 * opens, so no row lock waits on a remote call; each change then runs in one transaction with its events.
 */
@ApplicationScoped
public class CampaignCommands {

    private final CampaignRepository campaigns;
    private final CampaignContactRepository contacts;
    private final CampaignCallQueue calls;
    private final AgentDirectory agents;
    private final CampaignTransitions transitions;
    private final CallTransitions callTransitions;
    private final DialQueueSignal signal;
    private final CampaignConfig config;
    private final ContactScreening screening;

    public CampaignCommands(CampaignRepository campaigns, CampaignContactRepository contacts, CampaignCallQueue calls,
            AgentDirectory agents, CampaignTransitions transitions, CallTransitions callTransitions,
            DialQueueSignal signal, CampaignConfig config, OutboundConfig outboundConfig) {
        this.campaigns = campaigns;
        this.contacts = contacts;
        this.calls = calls;
        this.agents = agents;
        this.transitions = transitions;
        this.callTransitions = callTransitions;
        this.signal = signal;
        this.config = config;
        this.screening = new ContactScreening(new DestinationPolicy(outboundConfig.allowedCountries()));
    }

    public record Created(Campaign campaign, ContactReport contacts) {
    }

    /** A draft campaign with the valid rows of {@code candidates} as its first contacts. */
    public Created create(String tenant, CampaignSettings settings, List<ContactCandidate> candidates) {
        checkUploadSize(candidates.size());
        AgentDirectory.Agent agent = requireAgent(settings.agentId());
        String from = callerId(agent, settings.fromNumber());
        Instant now = Instant.now();
        Campaign campaign = new Campaign(UUID.randomUUID(), tenant, settings.withFromNumber(from), CampaignStatus.DRAFT,
                now, now, now, null, null);
        ContactScreening.Result screened = screening.screen(candidates, number -> false);
        QuarkusTransaction.requiringNew().run(() -> {
            campaigns.insert(campaign);
            contacts.insert(campaign.id(), 0, screened.accepted());
            transitions.created(campaign, now);
        });
        return new Created(campaign, new ContactReport(candidates.size(), screened.accepted().size(),
                screened.rejected()));
    }

    /** Appends contacts to a draft or paused campaign. */
    public ContactReport addContacts(String tenant, UUID campaignId, List<ContactCandidate> candidates) {
        checkUploadSize(candidates.size());
        return QuarkusTransaction.requiringNew().call(() -> {
            Campaign campaign = lockOwned(tenant, campaignId);
            if (!campaign.status().acceptsContacts()) {
                throw conflict(campaign.status(), "Contacts can be added to draft or paused campaigns; this one is "
                        + campaign.status().wireName() + ".");
            }
            Set<String> existing = new HashSet<>(
                    contacts.existingNumbers(campaignId, ContactScreening.parseableNumbers(candidates)));
            ContactScreening.Result screened = screening.screen(candidates, existing::contains);
            contacts.insert(campaignId, contacts.maxRowNumber(campaignId), screened.accepted());
            return new ContactReport(candidates.size(), screened.accepted().size(), screened.rejected());
        });
    }

    /**
     * START (draft → running, or paused → running) or RESUME (paused → running). The agent is checked again: it may
     * have lost the campaign's caller ID since the campaign was created. Calls a pause left in the queue are due again
     * once this commits, so the dial workers are woken.
     */
    public Campaign start(String tenant, UUID campaignId, CampaignAction action) {
        Campaign current = campaigns.find(campaignId, tenant).orElseThrow(() -> CampaignQueries.notFound(campaignId));
        current.status().after(action);
        AgentDirectory.Agent agent = requireAgent(current.settings().agentId());
        if (!agent.phoneNumbers().contains(current.settings().fromNumber())) {
            throw RejectedException.field(Kind.UNPROCESSABLE, "from", current.settings().fromNumber()
                    + " is no longer one of the agent's numbers: " + String.join(", ", agent.phoneNumbers()));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Campaign campaign = lockOwned(tenant, campaignId);
            if (campaign.status() == CampaignStatus.DRAFT && contacts.count(campaignId) == 0) {
                throw RejectedException.field(Kind.UNPROCESSABLE, "contacts",
                        "are missing: add some before starting the campaign");
            }
            transitions.apply(campaign, action, Instant.now());
        });
        signal.wake();
        return reload(tenant, campaignId);
    }

    /**
     * running → paused: nothing new is queued, and calls already queued stay in the queue undialed until the campaign
     * runs again (the dialer takes queued calls of running campaigns only); calls on the line go on.
     */
    public Campaign pause(String tenant, UUID campaignId) {
        QuarkusTransaction.requiringNew().run(() ->
                transitions.apply(lockOwned(tenant, campaignId), CampaignAction.PAUSE, Instant.now()));
        return reload(tenant, campaignId);
    }

    /**
     * draft, running or paused → canceled. Waiting contacts are canceled; queued calls not yet taken by the dialer
     * are canceled in the same transaction; calls already dialing or on the line end on their own and are recorded.
     */
    public Campaign cancel(String tenant, UUID campaignId) {
        QuarkusTransaction.requiringNew().run(() -> {
            Campaign campaign = lockOwned(tenant, campaignId);
            campaign.status().after(CampaignAction.CANCEL);
            List<OutboundCall> canceled = calls.cancelQueued(campaignId);
            canceled.forEach(callTransitions::canceledWithCampaign);
            contacts.cancelCalling(canceled.stream().map(OutboundCall::contactId).toList());
            contacts.cancelWaiting(campaignId);
            transitions.apply(campaign, CampaignAction.CANCEL, Instant.now());
        });
        return reload(tenant, campaignId);
    }

    private Campaign lockOwned(String tenant, UUID campaignId) {
        return campaigns.lock(campaignId).filter(c -> c.tenant().equals(tenant))
                .orElseThrow(() -> CampaignQueries.notFound(campaignId));
    }

    private Campaign reload(String tenant, UUID campaignId) {
        return campaigns.find(campaignId, tenant).orElseThrow(() -> CampaignQueries.notFound(campaignId));
    }

    /** The agent, with at least one number to call from. */
    private AgentDirectory.Agent requireAgent(UUID agentId) {
        AgentDirectory.Agent agent = AgentLookup.require(agents, agentId);
        if (agent.phoneNumbers().isEmpty()) {
            throw RejectedException.field(Kind.UNPROCESSABLE, "agentId",
                    "has no phone number to call from: give the agent a Twilio number first");
        }
        return agent;
    }

    /** The requested caller ID when it is one of the agent's numbers; none requested: the agent's first number. */
    private static String callerId(AgentDirectory.Agent agent, String requested) {
        if (requested == null) {
            return agent.phoneNumbers().getFirst();
        }
        if (!agent.phoneNumbers().contains(requested)) {
            throw RejectedException.field(Kind.UNPROCESSABLE, "from", "must be one of the agent's numbers: "
                    + String.join(", ", agent.phoneNumbers()));
        }
        return requested;
    }

    private void checkUploadSize(int rows) {
        if (rows > config.maxContactsPerUpload()) {
            throw RejectedException.field(Kind.TOO_LARGE, "contacts", "are limited to "
                    + config.maxContactsPerUpload() + " per upload (OUTBOUND_CAMPAIGN_MAX_CONTACTS_PER_UPLOAD); split "
                    + "the list into several uploads");
        }
    }

    private static RejectedException conflict(CampaignStatus status, String detail) {
        return new RejectedException(Kind.CONFLICT, detail, List.of(new FieldError("status", "is "
                + status.wireName())), 0);
    }
}
