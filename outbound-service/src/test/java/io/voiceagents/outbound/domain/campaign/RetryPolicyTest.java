package io.voiceagents.outbound.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2025-01-15T15:00:00Z");
    private static final RetryPolicy BUSY_OR_NO_ANSWER_3 = new RetryPolicy(
            Set.of(CallOutcome.BUSY, CallOutcome.NO_ANSWER), 3, Duration.ofMinutes(10));

    @Test
    void retriesTheNamedOutcomesUntilTheAttemptsAreUsed() {
        assertThat(BUSY_OR_NO_ANSWER_3.afterCall(CallOutcome.BUSY, 1, CampaignStatus.RUNNING, NOW))
                .isEqualTo(new RetryPolicy.ContactNext(ContactStatus.WAITING_RETRY, NOW.plusSeconds(600)));
        assertThat(BUSY_OR_NO_ANSWER_3.afterCall(CallOutcome.NO_ANSWER, 2, CampaignStatus.RUNNING, NOW).status())
                .isEqualTo(ContactStatus.WAITING_RETRY);
        assertThat(BUSY_OR_NO_ANSWER_3.afterCall(CallOutcome.BUSY, 3, CampaignStatus.RUNNING, NOW))
                .isEqualTo(new RetryPolicy.ContactNext(ContactStatus.FAILED, null));
    }

    @Test
    void otherOutcomesAreFinal() {
        assertThat(BUSY_OR_NO_ANSWER_3.afterCall(CallOutcome.FAILED, 1, CampaignStatus.RUNNING, NOW).status())
                .isEqualTo(ContactStatus.FAILED);
        assertThat(BUSY_OR_NO_ANSWER_3.afterCall(CallOutcome.COMPLETED, 1, CampaignStatus.RUNNING, NOW).status())
                .isEqualTo(ContactStatus.COMPLETED);
        assertThat(BUSY_OR_NO_ANSWER_3.afterCall(CallOutcome.CANCELED, 1, CampaignStatus.RUNNING, NOW).status())
                .isEqualTo(ContactStatus.CANCELED);
        assertThat(RetryPolicy.NEVER.afterCall(CallOutcome.BUSY, 1, CampaignStatus.RUNNING, NOW).status())
                .isEqualTo(ContactStatus.FAILED);
    }

    @Test
    void aPausedCampaignStillSchedulesTheRetryButACanceledOneDoesNot() {
        assertThat(BUSY_OR_NO_ANSWER_3.afterCall(CallOutcome.BUSY, 1, CampaignStatus.PAUSED, NOW).status())
                .isEqualTo(ContactStatus.WAITING_RETRY);
        assertThat(BUSY_OR_NO_ANSWER_3.afterCall(CallOutcome.BUSY, 1, CampaignStatus.CANCELED, NOW).status())
                .isEqualTo(ContactStatus.CANCELED);
        // no retry left: it failed on its own, cancel or not
        assertThat(BUSY_OR_NO_ANSWER_3.afterCall(CallOutcome.BUSY, 3, CampaignStatus.CANCELED, NOW).status())
                .isEqualTo(ContactStatus.FAILED);
    }

    @Test
    void refusesPoliciesOutsideTheLimits() {
        assertThatThrownBy(() -> new RetryPolicy(Set.of(CallOutcome.COMPLETED), 2, Duration.ZERO))
                .hasMessageContaining("busy, no-answer and failed");
        assertThatThrownBy(() -> new RetryPolicy(Set.of(), 0, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(Set.of(), 11, Duration.ZERO)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(Set.of(), 2, Duration.ofDays(8))).hasMessageContaining("delay");
        assertThatThrownBy(() -> new RetryPolicy(Set.of(), 2, Duration.ofSeconds(-1))).hasMessageContaining("delay");
    }
}
