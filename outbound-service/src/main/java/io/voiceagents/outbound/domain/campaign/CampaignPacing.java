package io.voiceagents.outbound.domain.campaign;

import java.time.Duration;
import java.time.Instant;

/**
 * A campaign's own calls-per-second, kept across replicas in one column (campaigns.next_queue_at: the next instant a
 * call may be queued). Slots that passed while nobody queued (window closed, no free line) are not saved up beyond
 * {@link #MAX_BURST}: after an idle spell a campaign queues at most about one second of calls at once, and the
 * account-wide dialer pacing smooths even that.
 */
public final class CampaignPacing {

    public static final Duration MAX_BURST = Duration.ofSeconds(1);

    private CampaignPacing() {
    }

    /**
     * Slots due at {@code now}.
     *
     * @param nextQueueAt     the campaign's next slot as stored
     * @param callsPerSecond  the campaign's pacing, greater than 0
     */
    public static Slots due(Instant nextQueueAt, Instant now, double callsPerSecond) {
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("calls per second must be greater than 0");
        }
        long intervalNanos = Math.max(1, Math.round(1_000_000_000d / callsPerSecond));
        if (nextQueueAt.isAfter(now)) {
            return new Slots(0, now, intervalNanos);
        }
        long lagNanos = Duration.between(nextQueueAt, now).toNanos();
        long maxLag = Math.max(0, MAX_BURST.toNanos() - intervalNanos);
        long lag = Math.min(lagNanos, maxLag);
        int count = (int) Math.min(Integer.MAX_VALUE, lag / intervalNanos + 1);
        return new Slots(count, now.minusNanos(lag), intervalNanos);
    }

    /**
     * @param count      calls that may be queued now
     * @param firstSlot  the instant of the first of them
     */
    public record Slots(int count, Instant firstSlot, long intervalNanos) {

        /** The campaign's next slot once {@code used} of these slots were used (used ≥ 1). */
        public Instant nextQueueAtAfter(int used) {
            return firstSlot.plusNanos(intervalNanos * used);
        }
    }
}
