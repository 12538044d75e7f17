package io.voiceagents.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CallStatusTest {

    @ParameterizedTest
    @CsvSource({
            "queued, ringing, true",
            "initiated, in-progress, true",
            "ringing, in-progress, true",
            "ringing, completed, true",
            "in-progress, no-answer, true",
            "queued, initiated, false",
            "in-progress, answered, false",
            "answered, ringing, false",
            "ringing, ringing, false",
            "completed, ringing, false",
            "completed, failed, false",
            "busy, completed, false",
            "canceled, in-progress, false"
    })
    void movesOnlyForwardAndNeverOutOfAFinalStatus(String from, String to, boolean allowed) {
        CallStatus current = CallStatus.fromWire(from).orElseThrow();
        CallStatus next = CallStatus.fromWire(to).orElseThrow();

        assertThat(current.canMoveTo(next)).isEqualTo(allowed);
        assertThat(current.rank() < next.rank() && !current.isFinal()).isEqualTo(allowed);
    }

    @Test
    void exactlyTheFiveTwilioEndStatesAreFinal() {
        assertThat(EnumSet.allOf(CallStatus.class)).filteredOn(CallStatus::isFinal)
                .containsExactlyInAnyOrder(CallStatus.COMPLETED, CallStatus.BUSY, CallStatus.FAILED,
                        CallStatus.NO_ANSWER, CallStatus.CANCELED);
    }

    @ParameterizedTest
    @EnumSource(CallStatus.class)
    void finalStatusesAcceptNothing(CallStatus status) {
        if (status.isFinal()) {
            assertThat(EnumSet.allOf(CallStatus.class)).noneMatch(status::canMoveTo);
        }
    }

    @Test
    void parsesTwilioWireNamesLeniently() {
        assertThat(CallStatus.fromWire("in-progress")).contains(CallStatus.IN_PROGRESS);
        assertThat(CallStatus.fromWire(" No-Answer ")).contains(CallStatus.NO_ANSWER);
        assertThat(CallStatus.fromWire("in_progress")).isEmpty();
        assertThat(CallStatus.fromWire(null)).isEmpty();
        assertThat(CallStatus.NO_ANSWER.wireName()).isEqualTo("no-answer");
    }

    @Test
    void answeredStatusesAreThoseThatWerePickedUp() {
        assertThat(CallStatus.COMPLETED.impliesAnswered()).isTrue();
        assertThat(CallStatus.IN_PROGRESS.impliesAnswered()).isTrue();
        assertThat(CallStatus.BUSY.impliesAnswered()).isFalse();
        assertThat(CallStatus.RINGING.impliesAnswered()).isFalse();
    }
}
