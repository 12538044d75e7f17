package io.voiceagents.outbound.domain.campaign;

import static io.voiceagents.outbound.domain.campaign.CampaignAction.CANCEL;
import static io.voiceagents.outbound.domain.campaign.CampaignAction.COMPLETE;
import static io.voiceagents.outbound.domain.campaign.CampaignAction.PAUSE;
import static io.voiceagents.outbound.domain.campaign.CampaignAction.RESUME;
import static io.voiceagents.outbound.domain.campaign.CampaignAction.START;
import static io.voiceagents.outbound.domain.campaign.CampaignStatus.CANCELED;
import static io.voiceagents.outbound.domain.campaign.CampaignStatus.COMPLETED;
import static io.voiceagents.outbound.domain.campaign.CampaignStatus.DRAFT;
import static io.voiceagents.outbound.domain.campaign.CampaignStatus.PAUSED;
import static io.voiceagents.outbound.domain.campaign.CampaignStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CampaignStatusTest {

    /** Every legal (status, action) pair and where it leads; all others must be refused. */
    private static final Map<CampaignStatus, Map<CampaignAction, CampaignStatus>> LEGAL = new EnumMap<>(Map.of(
            DRAFT, Map.of(START, RUNNING, CANCEL, CANCELED),
            RUNNING, Map.of(PAUSE, PAUSED, CANCEL, CANCELED, COMPLETE, COMPLETED),
            PAUSED, Map.of(START, RUNNING, RESUME, RUNNING, CANCEL, CANCELED),
            COMPLETED, Map.of(),
            CANCELED, Map.of()));

    @Test
    void followsTheLifecycleAndRefusesEverythingElse() {
        for (CampaignStatus status : CampaignStatus.values()) {
            for (CampaignAction action : CampaignAction.values()) {
                CampaignStatus expected = LEGAL.get(status).get(action);
                if (expected != null) {
                    assertThat(status.after(action)).as(status + " " + action).isEqualTo(expected);
                } else {
                    assertThatThrownBy(() -> status.after(action)).as(status + " " + action)
                            .isInstanceOf(IllegalCampaignTransitionException.class)
                            .hasMessage("a " + status.wireName() + " campaign cannot " + action.wireName());
                }
            }
        }
    }

    @Test
    void contactsMayBeAddedOnlyWhileNotDialingAndNotOver() {
        assertThat(DRAFT.acceptsContacts()).isTrue();
        assertThat(PAUSED.acceptsContacts()).isTrue();
        assertThat(RUNNING.acceptsContacts()).isFalse();
        assertThat(COMPLETED.acceptsContacts()).isFalse();
        assertThat(CANCELED.acceptsContacts()).isFalse();
    }

    @Test
    void wireNamesRoundTrip() {
        for (CampaignStatus status : CampaignStatus.values()) {
            assertThat(CampaignStatus.fromWire(status.wireName())).contains(status);
        }
        assertThat(CampaignStatus.fromWire("RUNNING")).isEmpty();
    }
}
