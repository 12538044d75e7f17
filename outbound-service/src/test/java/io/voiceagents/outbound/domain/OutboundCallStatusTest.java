package io.voiceagents.outbound.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundCallStatusTest {

    @ParameterizedTest
    @CsvSource({"queued, dialing", "initiated, dialing", "ringing, ringing", "in-progress, in-progress",
            "answered, in-progress", "completed, completed", "busy, busy", "no-answer, no-answer", "failed, failed",
            "canceled, canceled", "IN-PROGRESS, in-progress"})
    void mapsTwilioStatuses(String twilio, String ours) {
        assertThat(OutboundCallStatus.fromTwilio(twilio)).map(OutboundCallStatus::wireName).hasValue(ours);
    }

    @Test
    void unknownStatusesMapToNothing() {
        assertThat(OutboundCallStatus.fromTwilio("paused")).isEmpty();
        assertThat(OutboundCallStatus.fromTwilio(null)).isEmpty();
        assertThat(OutboundCallStatus.fromWire("initiated")).isEmpty();
    }

    @Test
    void ranksOnlyIncreaseTowardsTheFinalStatuses() {
        assertThat(OutboundCallStatus.QUEUED.rank()).isLessThan(OutboundCallStatus.DIALING.rank());
        assertThat(OutboundCallStatus.DIALING.rank()).isLessThan(OutboundCallStatus.RINGING.rank());
        assertThat(OutboundCallStatus.RINGING.rank()).isLessThan(OutboundCallStatus.IN_PROGRESS.rank());
        for (OutboundCallStatus status : OutboundCallStatus.values()) {
            assertThat(status.isFinal()).isEqualTo(status.rank() == OutboundCallStatus.FINAL_RANK);
        }
        assertThat(OutboundCallStatus.fromWire("no-answer")).hasValue(OutboundCallStatus.NO_ANSWER);
    }
}
