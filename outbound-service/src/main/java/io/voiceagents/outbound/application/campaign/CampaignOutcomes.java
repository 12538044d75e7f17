package io.voiceagents.outbound.application.campaign;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.voiceagents.outbound.application.OutboundCallEnded;
import io.voiceagents.outbound.application.port.CampaignContactRepository;
import io.voiceagents.outbound.application.port.CampaignRepository;
import io.voiceagents.outbound.domain.campaign.CallOutcome;
import io.voiceagents.outbound.domain.campaign.Campaign;
import io.voiceagents.outbound.domain.campaign.CampaignAction;
import io.voiceagents.outbound.domain.campaign.CampaignStatus;
import io.voiceagents.outbound.domain.campaign.ContactStatus;
import io.voiceagents.outbound.domain.campaign.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * Records how a campaign call ended, in the transaction that ended it: the contact's outcome, a retry per the
 * campaign's policy or its final status, and the campaign's completion when nobody is left. A crash cannot separate
 * a call's end from its contact's next step.
 */
@ApplicationScoped
public class CampaignOutcomes {

    private static final Logger LOG = Logger.getLogger(CampaignOutcomes.class);

    private final CampaignRepository campaigns;
    private final CampaignContactRepository contacts;
    private final CampaignTransitions transitions;

    public CampaignOutcomes(CampaignRepository campaigns, CampaignContactRepository contacts,
            CampaignTransitions transitions) {
        this.campaigns = campaigns;
        this.contacts = contacts;
        this.transitions = transitions;
    }

    /** Fired synchronously by whatever moved an outbound call to a final status; single calls are not ours. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onCallEnded(@Observes OutboundCallEnded ended) {
        if (ended.campaignId() == null || ended.contactId() == null) {
            return;
        }
        record(ended.campaignId(), ended.contactId(), ended.outboundCallId(), ended.status(), ended.answeredBy(),
                ended.callSid(), Instant.now());
    }

    /**
     * Applies a call's end to its contact. Ignored when the contact is not on that call any more (a repeated event,
     * or one for an older attempt): the outcome of a call is recorded once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID campaignId, UUID contactId, UUID callId, String status, String answeredBy, String callSid,
            Instant now) {
        Optional<CallOutcome> outcome = CallOutcome.fromWire(status);
        if (outcome.isEmpty()) {
            LOG.warnf("campaign call %s ended with unknown status %s; contact %s left as it is", callId, status,
                    contactId);
            return;
        }
        // the campaign row first, as the scheduler and lifecycle actions do: outcomes of one campaign are applied
        // one at a time, so the last of them sees that nothing is left and completes the campaign
        Optional<Campaign> found = campaigns.lock(campaignId);
        if (found.isEmpty()) {
            LOG.warnf("campaign call %s ended but campaign %s is gone", callId, campaignId);
            return;
        }
        Campaign campaign = found.get();
        Optional<CampaignContactRepository.ContactState> state = contacts.lockForOutcome(contactId);
        if (state.isEmpty() || state.get().status() != ContactStatus.CALLING
                || !callId.equals(state.get().lastCallId())) {
            LOG.debugf("end of call %s ignored: contact %s is not on it (%s)", callId, contactId, state);
            return;
        }
        RetryPolicy.ContactNext next = campaign.settings().retry()
                .afterCall(outcome.get(), state.get().attempts(), campaign.status(), now);
        contacts.recordOutcome(contactId, next.status(), outcome.get().wireName(), answeredBy, callSid,
                next.nextAttemptAt());
        if (campaign.status() == CampaignStatus.RUNNING && !contacts.anyActive(campaignId)) {
            transitions.apply(campaign, CampaignAction.COMPLETE, now);
        }
    }
}
