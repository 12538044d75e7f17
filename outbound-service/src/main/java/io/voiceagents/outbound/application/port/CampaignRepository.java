package io.voiceagents.outbound.application.port;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.voiceagents.outbound.domain.campaign.Campaign;
import io.voiceagents.outbound.domain.campaign.CampaignCounts;
import io.voiceagents.outbound.domain.campaign.CampaignStatus;

/** Campaign rows (outbound.campaigns). Methods that lock need the caller's transaction. */
public interface CampaignRepository {

    void insert(Campaign campaign);

    Optional<Campaign> find(UUID id, String tenant);

    /** Locks the row until the transaction ends, waiting for other holders (lifecycle actions, call outcomes). */
    Optional<Campaign> lock(UUID id);

    /**
     * Locks the row if it is running and nobody else holds it ({@code for update skip locked}): the scheduler of one
     * replica works on a campaign at a time; the others skip it this tick.
     */
    Optional<Campaign> lockIfRunningAndFree(UUID id);

    /** Running campaigns with what the scheduler must know before it opens a transaction. */
    List<RunningCampaign> running();

    /** Stores a new status; sets started_at on the first start, ended_at on a final status, resets pacing on start. */
    void updateStatus(UUID id, CampaignStatus status, Instant now);

    void updateNextQueueAt(UUID id, Instant nextQueueAt);

    Page<Campaign> list(String tenant, CampaignStatus status, int page, int size);

    CampaignCounts counts(UUID id);

    Map<UUID, CampaignCounts> counts(Collection<UUID> ids);

    record RunningCampaign(UUID id, UUID agentId, boolean machineDetection) {
    }
}
