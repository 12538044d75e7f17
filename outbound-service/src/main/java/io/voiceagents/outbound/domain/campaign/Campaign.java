package io.voiceagents.outbound.domain.campaign;

import java.time.Instant;
import java.util.UUID;

/**
 * A campaign as stored.
 *
 * @param tenant       who owns it ("open" while the API has no keys)
 * @param nextQueueAt  the campaign's next pacing slot (see {@link CampaignPacing})
 * @param startedAt    first start, null while draft
 * @param endedAt      when it completed or was canceled
 */
public record Campaign(UUID id, String tenant, CampaignSettings settings, CampaignStatus status, Instant nextQueueAt,
        Instant createdAt, Instant updatedAt, Instant startedAt, Instant endedAt) {
}
