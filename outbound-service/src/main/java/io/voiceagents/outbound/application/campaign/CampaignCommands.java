package io.voiceagents.outbound.application.campaign;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.voiceagents.contracts.events.OutboundCallEvent;
import io.voiceagents.contracts.events.Topics;
import io.voiceagents.outbound.application.port.CampaignAgents;
import io.voiceagents.outbound.application.port.CampaignCallQueue;
import io.voiceagents.outbound.application.port.CampaignContactRepository;
import io.voiceagents.outbound.application.port.CampaignRepository;
import io.voiceagents.outbound.application.port.EventOutbox;
import io.voiceagents.outbound.config.CampaignConfig;
import io.voiceagents.outbound.config.OutboundConfig;
import io.voiceagents.outbound.domain.campaign.Campaign;
import io.voiceagents.outbound.domain.campaign.CampaignAction;
import io.voiceagents.outbound.domain.campaign.CampaignAgent;
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
    private final CampaignAgents agents;
    private final CampaignTransitions transitions;
    private final EventOutbox outbox;
    private final CampaignConfig config;
    private final OutboundConfig outboundConfig;

    public CampaignCommands(CampaignRepository campaigns, CampaignContactRepository contacts, CampaignCallQueue calls,
            CampaignAgents agents, CampaignTransitions transitions, EventOutbox outbox, CampaignConfig config,
            OutboundConfig outboundConfig) {
        this.campaigns = campaigns;
        this.contacts = contacts;
        this.calls = calls;
        this.agents = agents;
        this.transitions = transitions;
        this.outbox = outbox;
        this.config = config;
        this.outboundConfig = outboundConfig;
    }

    public record Created(Campaign campaign, ContactReport contacts) {
    }

    /** A draft campaign with the valid rows of {@code candidates} as its first contacts. */
    public Created create(String tenant, CampaignSettings settings, List<ContactCandidate> candidates) {
        checkUploadSize(candidates.size());
        CampaignAgent agent = requireAgent(settings.agentId());
        String from = callerId(agent, settings.fromNumber());
        Instant now = Instant.now();
        Campaign campaign = new Campaign(UUID.randomUUID(), tenant, settings.withFromNumber(from), CampaignStatus.DRAFT,
                now, now, now, null, null);
        ContactScreening.Result screened = screening().screen(candidates, number -> false);
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
                throw new CampaignStateConflictException(campaign.status(), "contacts can be added to draft or paused "
                        + "campaigns; this one is " + campaign.status().wireName());
            }
            Set<String> existing = new HashSet<>(
                    contacts.existingNumbers(campaignId, ContactScreening.parseableNumbers(candidates)));
            ContactScreening.Result screened = screening().screen(candidates, existing::contains);
            contacts.insert(campaignId, contacts.maxRowNumber(campaignId), screened.accepted());
            return new ContactReport(candidates.size(), screened.accepted().size(), screened.rejected());
        });
    }

    /**
     * START (draft → running, or paused → running) or RESUME (paused → running). The agent is checked again: it may
     * have lost the campaign's caller ID since the campaign was created.
     */
    public Campaign start(String tenant, UUID campaignId, CampaignAction action) {
        Campaign current = campaigns.find(campaignId, tenant).orElseThrow(() -> new CampaignNotFoundException(campaignId));
        current.status().after(action);
        CampaignAgent agent = requireAgent(current.settings().agentId());
        if (!agent.phoneNumbers().contains(current.settings().fromNumber())) {
            throw new CampaignRequestException(CampaignRequestException.UNPROCESSABLE, "from",
                    current.settings().fromNumber() + " is no longer one of the agent's numbers "
                            + agent.phoneNumbers());
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Campaign campaign = lockOwned(tenant, campaignId);
            if (campaign.status() == CampaignStatus.DRAFT && contacts.count(campaignId) == 0) {
                throw new CampaignRequestException(CampaignRequestException.UNPROCESSABLE, "contacts",
                        "the campaign has no contacts: add some before starting it");
            }
            transitions.apply(campaign, action, Instant.now());
        });
        return reload(tenant, campaignId);
    }

    /** running → paused: nothing new is queued; calls already queued or on the line go on. */
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
            Instant now = Instant.now();
            List<CampaignCallQueue.CanceledCall> canceled = calls.cancelQueued(campaignId);
            contacts.cancelCalling(canceled.stream().map(CampaignCallQueue.CanceledCall::contactId).toList());
            contacts.cancelWaiting(campaignId);
            for (CampaignCallQueue.CanceledCall call : canceled) {
                outbox.append(Topics.OUTBOUND_CALLS, call.id().toString(), new OutboundCallEvent(
                        UUID.randomUUID().toString(), now, OutboundCallEvent.SCHEMA_VERSION,
                        OutboundCallEvent.Type.ENDED, call.id().toString(), call.agentId().toString(),
                        campaignId.toString(), call.contactId().toString(), call.attempt(), call.to(), call.from(),
                        "canceled", "queued", null, null, null, "canceled with its campaign"));
            }
            transitions.apply(campaign, CampaignAction.CANCEL, now);
        });
        return reload(tenant, campaignId);
    }

    private Campaign lockOwned(String tenant, UUID campaignId) {
        return campaigns.lock(campaignId).filter(c -> c.tenant().equals(tenant))
                .orElseThrow(() -> new CampaignNotFoundException(campaignId));
    }

    private Campaign reload(String tenant, UUID campaignId) {
        return campaigns.find(campaignId, tenant).orElseThrow(() -> new CampaignNotFoundException(campaignId));
    }

    private CampaignAgent requireAgent(UUID agentId) {
        CampaignAgent agent = agents.find(agentId).orElseThrow(() -> new CampaignRequestException(
                CampaignRequestException.UNPROCESSABLE, "agentId", "no agent with id " + agentId));
        if (agent.phoneNumbers().isEmpty()) {
            throw new CampaignRequestException(CampaignRequestException.UNPROCESSABLE, "agentId",
                    "the agent has no phone number to call from: give it one in agent-service first");
        }
        return agent;
    }

    /** The requested caller ID when it is one of the agent's numbers; none requested: the agent's first number. */
    private static String callerId(CampaignAgent agent, String requested) {
        if (requested == null) {
            return agent.phoneNumbers().getFirst();
        }
        if (!agent.phoneNumbers().contains(requested)) {
            throw new CampaignRequestException(CampaignRequestException.UNPROCESSABLE, "from",
                    requested + " is not one of the agent's numbers " + agent.phoneNumbers());
        }
        return requested;
    }

    private void checkUploadSize(int rows) {
        if (rows > config.maxContactsPerUpload()) {
            throw new CampaignRequestException(CampaignRequestException.TOO_LARGE, "contacts", "at most "
                    + config.maxContactsPerUpload() + " contacts per upload; split the list into several uploads");
        }
    }

    private ContactScreening screening() {
        return new ContactScreening(Set.copyOf(outboundConfig.allowedCountries()));
    }
}
