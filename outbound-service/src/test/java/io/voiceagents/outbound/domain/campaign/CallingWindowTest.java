package io.voiceagents.outbound.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CallingWindowTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    private static final CallingWindow OFFICE_HOURS = new CallingWindow(WEEKDAYS, LocalTime.of(9, 0),
            LocalTime.of(18, 0), NEW_YORK);

    @Test
    void isOpenOnItsDaysFromStartUntilBeforeEndInItsZone() {
        // Wednesday 2025-01-15, New York is UTC-5 in winter
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-01-15T13:59:59Z"))).isFalse();
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-01-15T14:00:00Z"))).isTrue();
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-01-15T22:59:59Z"))).isTrue();
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-01-15T23:00:00Z"))).isFalse();
        // Saturday noon local
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-01-18T17:00:00Z"))).isFalse();
    }

    @Test
    void theDayIsTheCalleesDayNotUtcs() {
        // Friday 20:00 local is already Saturday 01:00 UTC: closed; Monday 09:30 local is Monday in both
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-01-18T01:00:00Z"))).isFalse();
        Instant fridayLateMorningTokyo = Instant.parse("2025-01-17T01:00:00Z"); // Fri 10:00 in Tokyo, Thu in NY
        CallingWindow tokyo = new CallingWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(18, 0),
                ZoneId.of("Asia/Tokyo"));
        assertThat(tokyo.isOpen(fridayLateMorningTokyo)).isTrue();
        assertThat(new CallingWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(18, 0), NEW_YORK)
                .isOpen(fridayLateMorningTokyo)).isFalse();
    }

    @Test
    void followsTheWallClockAcrossDaylightSaving() {
        // 13:30 UTC is 08:30 in New York in winter (EST) but 09:30 in summer (EDT)
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-03-07T13:30:00Z"))).isFalse();
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-03-10T13:30:00Z"))).isTrue();
        // and back in November: 22:30 UTC is 18:30 EDT (closed) before, 17:30 EST (open) after
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-10-31T22:30:00Z"))).isFalse();
        assertThat(OFFICE_HOURS.isOpen(Instant.parse("2025-11-03T22:30:00Z"))).isTrue();
    }

    @Test
    void aStartInsideTheSkippedHourOpensWhenTheClocksJump() {
        // 2025-03-09 (Sunday): New York skips 02:00-03:00
        CallingWindow night = new CallingWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(2, 30), LocalTime.of(5, 0),
                NEW_YORK);
        Instant beforeJump = Instant.parse("2025-03-09T06:59:00Z"); // 01:59 EST
        Instant jump = Instant.parse("2025-03-09T07:00:00Z"); // 03:00 EDT
        assertThat(night.isOpen(beforeJump)).isFalse();
        assertThat(night.isOpen(jump)).isTrue();
        assertThat(night.nextOpening(beforeJump)).isEqualTo(jump);
    }

    @Test
    void nextOpeningIsLaterTodayTomorrowOrAfterTheWeekend() {
        assertThat(OFFICE_HOURS.nextOpening(Instant.parse("2025-01-15T12:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-15T14:00:00Z"));
        assertThat(OFFICE_HOURS.nextOpening(Instant.parse("2025-01-15T23:30:00Z")))
                .isEqualTo(Instant.parse("2025-01-16T14:00:00Z"));
        // Friday evening → Monday 09:00
        assertThat(OFFICE_HOURS.nextOpening(Instant.parse("2025-01-17T23:30:00Z")))
                .isEqualTo(Instant.parse("2025-01-20T14:00:00Z"));
        // open: now
        Instant open = Instant.parse("2025-01-15T15:00:00Z");
        assertThat(OFFICE_HOURS.nextOpening(open)).isEqualTo(open);
        // only Wednesdays, asked on Wednesday after closing: next Wednesday
        CallingWindow wednesdays = new CallingWindow(Set.of(DayOfWeek.WEDNESDAY), LocalTime.of(9, 0),
                LocalTime.of(18, 0), NEW_YORK);
        assertThat(wednesdays.nextOpening(Instant.parse("2025-01-15T23:30:00Z")))
                .isEqualTo(Instant.parse("2025-01-22T14:00:00Z"));
    }

    @Test
    void maxEndMeansUntilMidnight() {
        CallingWindow allDay = new CallingWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, LocalTime.MAX,
                ZoneId.of("UTC"));
        assertThat(allDay.isOpen(Instant.parse("2025-01-15T23:59:59.999Z"))).isTrue();
        assertThat(allDay.isOpen(Instant.parse("2025-01-15T00:00:00Z"))).isTrue();
        CallingWindow evenings = new CallingWindow(Set.of(DayOfWeek.WEDNESDAY), LocalTime.of(20, 0), LocalTime.MAX,
                ZoneId.of("UTC"));
        assertThat(evenings.isOpen(Instant.parse("2025-01-15T23:59:00Z"))).isTrue();
        assertThat(evenings.isOpen(Instant.parse("2025-01-16T00:00:00Z"))).isFalse();
        assertThat(evenings.nextOpening(Instant.parse("2025-01-16T00:00:00Z")))
                .isEqualTo(Instant.parse("2025-01-22T20:00:00Z"));
    }

    @Test
    void refusesEmptyDaysAndBackwardHours() {
        assertThatThrownBy(() -> new CallingWindow(Set.of(), LocalTime.NOON, LocalTime.MAX, NEW_YORK))
                .hasMessageContaining("day");
        assertThatThrownBy(() -> new CallingWindow(WEEKDAYS, LocalTime.of(18, 0), LocalTime.of(9, 0), NEW_YORK))
                .hasMessageContaining("after start");
        assertThatThrownBy(() -> new CallingWindow(WEEKDAYS, LocalTime.NOON, LocalTime.NOON, NEW_YORK))
                .hasMessageContaining("after start");
    }
}
