package io.voiceagents.outbound.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class CampaignPacingTest {

    private static final Instant T = Instant.parse("2025-01-15T15:00:00Z");

    @Test
    void oneCallPerIntervalAndNoneBeforeTheNextSlot() {
        CampaignPacing.Slots first = CampaignPacing.due(T, T, 1.0);
        assertThat(first.count()).isEqualTo(1);
        Instant next = first.nextQueueAtAfter(1);
        assertThat(next).isEqualTo(T.plusSeconds(1));
        assertThat(CampaignPacing.due(next, T.plusMillis(999), 1.0).count()).isZero();
        assertThat(CampaignPacing.due(next, T.plusSeconds(1), 1.0).count()).isEqualTo(1);
    }

    @Test
    void idleTimeIsNotSavedUpBeyondAboutOneSecond() {
        // an hour without queuing at 1 CPS: still one call now, not 3600
        assertThat(CampaignPacing.due(T.minusSeconds(3600), T, 1.0).count()).isEqualTo(1);
        // at 10 CPS at most one second's worth
        CampaignPacing.Slots burst = CampaignPacing.due(T.minusSeconds(3600), T, 10.0);
        assertThat(burst.count()).isEqualTo(10);
        assertThat(burst.nextQueueAtAfter(10)).isEqualTo(T.plusMillis(100));
    }

    @Test
    void ticksSlowerThanTheRateQueueSeveralCallsAndKeepTheAverage() {
        // 10 CPS, a tick every 250 ms from 0 to 9 750 ms: every slot 0, 100, ..., 9 700 ms is used once
        Instant next = T;
        int queued = 0;
        for (int tick = 0; tick < 40; tick++) {
            Instant now = T.plusMillis(250L * tick);
            CampaignPacing.Slots slots = CampaignPacing.due(next, now, 10.0);
            if (slots.count() > 0) {
                queued += slots.count();
                next = slots.nextQueueAtAfter(slots.count());
            }
        }
        assertThat(queued).isEqualTo(98);
    }

    @Test
    void unusedSlotsAreNotConsumed() {
        CampaignPacing.Slots slots = CampaignPacing.due(T.minusMillis(500), T, 4.0);
        assertThat(slots.count()).isEqualTo(3);
        // only one contact was due: the next slot follows the one used
        assertThat(slots.nextQueueAtAfter(1)).isEqualTo(T.minusMillis(250));
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> CampaignPacing.due(T, T, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
