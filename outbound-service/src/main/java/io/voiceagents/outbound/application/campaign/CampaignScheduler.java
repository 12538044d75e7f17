package io.voiceagents.outbound.application.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.voiceagents.outbound.application.CallTransitions;
import io.voiceagents.outbound.application.DialQueueSignal;
import io.voiceagents.outbound.application.port.CampaignCallQueue;
import io.voiceagents.outbound.application.port.CampaignCallQueue.CallToQueue;
import io.voiceagents.outbound.application.port.CampaignContactRepository;
import io.voiceagents.outbound.application.port.CampaignContactRepository.DueContact;
import io.voiceagents.outbound.application.port.CampaignRepository;
import io.voiceagents.outbound.application.port.CampaignRepository.RunningCampaign;
import io.voiceagents.outbound.domain.OutboundCall;
import io.voiceagents.outbound.domain.campaign.Campaign;
import io.voiceagents.outbound.domain.campaign.CampaignAction;
import io.voiceagents.outbound.domain.campaign.CampaignPacing;
import io.voiceagents.outbound.domain.campaign.CampaignSettings;
import io.voiceagents.outbound.domain.campaign.CallOutcome;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Feeds the dial queue from running campaigns. Stateless: everything it decides on is in the database, read under
 * the campaign's row lock, so any number of replicas can tick at once and a restart loses nothing. Per campaign and
 * tick, in one transaction: nothing outside the calling window; otherwise up to (maxConcurrentCalls − calls not yet
 * ended) due contacts, within the campaign's pacing, each get a queued outbound_calls row and become calling. Once
 * the transaction has committed, this replica's dial workers are woken for the new calls.
 */
@ApplicationScoped
public class CampaignScheduler {

    private static final Logger LOG = Logger.getLogger(CampaignScheduler.class);

    private final CampaignRepository campaigns;
    private final CampaignContactRepository contacts;
    private final CampaignCallQueue calls;
    private final CampaignTransitions transitions;
    private final CampaignOutcomes outcomes;
    private final CampaignMachineDetection machineDetection;
    private final CallTransitions callTransitions;
    private final DialQueueSignal signal;

    public CampaignScheduler(CampaignRepository campaigns, CampaignContactRepository contacts, CampaignCallQueue calls,
            CampaignTransitions transitions, CampaignOutcomes outcomes, CampaignMachineDetection machineDetection,
            CallTransitions callTransitions, DialQueueSignal signal) {
        this.campaigns = campaigns;
        this.contacts = contacts;
        this.calls = calls;
        this.transitions = transitions;
        this.outcomes = outcomes;
        this.machineDetection = machineDetection;
        this.callTransitions = callTransitions;
        this.signal = signal;
    }

    /** One pass over every running campaign; returns the calls queued. A failing campaign does not stop the others. */
    public int tick(Instant now) {
        int queued = 0;
        for (RunningCampaign campaign : campaigns.running()) {
            try {
                queued += tick(campaign, now);
            } catch (RuntimeException e) {
                LOG.errorf(e, "campaign %s: scheduler tick failed; the next tick tries again", campaign.id());
            }
        }
        return queued;
    }

    /** One campaign's share of a tick; returns the calls queued (0 when another replica holds the campaign). */
    public int tick(UUID campaignId, Instant now) {
        return campaigns.running().stream().filter(c -> c.id().equals(campaignId)).findFirst()
                .map(campaign -> tick(campaign, now)).orElse(0);
    }

    private int tick(RunningCampaign running, Instant now) {
        String detection = null;
        if (running.machineDetection()) {
            // asked before the transaction: no row lock waits on agent-service
            Optional<String> mode = machineDetection.forAgent(running.agentId());
            if (mode.isEmpty()) {
                return 0;
            }
            detection = mode.get();
        }
        String machineDetectionMode = detection;
        int queued = QuarkusTransaction.requiringNew().call(() -> queueDue(running.id(), now, machineDetectionMode));
        if (queued > 0) {
            // committed: the calls are visible to the workers now (other replicas' workers find them by polling)
            signal.wake();
        }
        return queued;
    }

    private int queueDue(UUID campaignId, Instant now, String machineDetectionMode) {
        Optional<Campaign> locked = campaigns.lockIfRunningAndFree(campaignId);
        if (locked.isEmpty()) {
            return 0;
        }
        Campaign campaign = locked.get();
        CampaignSettings settings = campaign.settings();
        if (!contacts.anyActive(campaignId)) {
            transitions.apply(campaign, CampaignAction.COMPLETE, now);
            return 0;
        }
        if (!settings.window().isOpen(now)) {
            return 0;
        }
        int free = settings.maxConcurrentCalls() - calls.activeCalls(campaignId);
        if (free <= 0) {
            return 0;
        }
        CampaignPacing.Slots slots = CampaignPacing.due(campaign.nextQueueAt(), now, settings.callsPerSecond());
        if (slots.count() == 0) {
            return 0;
        }
        List<DueContact> due = contacts.lockDue(campaignId, now, Math.min(free, slots.count()));
        if (due.isEmpty()) {
            return 0;
        }
        List<CallToQueue> toQueue = new ArrayList<>(due.size());
        for (DueContact contact : due) {
            toQueue.add(new CallToQueue(UUID.randomUUID(), contact.id(), contact.attempts() + 1, machineDetectionMode));
        }
        List<Optional<OutboundCall>> inserted = calls.queue(toQueue);
        int queued = 0;
        for (int i = 0; i < toQueue.size(); i++) {
            CallToQueue call = toQueue.get(i);
            if (inserted.get(i).isPresent()) {
                contacts.markCalling(call.contactId(), call.attempt(), call.callId());
                callTransitions.queued(inserted.get(i).get());
                queued++;
            } else {
                adoptExistingCall(campaign, call, now);
            }
        }
        campaigns.updateNextQueueAt(campaignId, slots.nextQueueAtAfter(due.size()));
        return queued;
    }

    /**
     * The contact already has a call for this attempt (its row says otherwise only after a manual edit or a bug):
     * the contact is put on that call instead of a second one, and if the call has already ended its outcome is
     * applied now, since no end event will come for it any more.
     */
    private void adoptExistingCall(Campaign campaign, CallToQueue call, Instant now) {
        Optional<CampaignCallQueue.ExistingCall> existing = calls.find(call.contactId(), call.attempt());
        if (existing.isEmpty()) {
            LOG.warnf("campaign %s: call for contact %s attempt %d conflicted but cannot be found; next tick retries",
                    campaign.id(), call.contactId(), call.attempt());
            return;
        }
        LOG.warnf("campaign %s: contact %s already has call %s for attempt %d; not queued again", campaign.id(),
                call.contactId(), existing.get().id(), call.attempt());
        contacts.markCalling(call.contactId(), call.attempt(), existing.get().id());
        if (CallOutcome.fromWire(existing.get().status()).isPresent()) {
            outcomes.record(campaign.id(), call.contactId(), existing.get().id(), existing.get().status(),
                    existing.get().answeredBy(), existing.get().callSid(), now);
        }
    }
}
