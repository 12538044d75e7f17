package io.voiceagents.outbound.domain.campaign;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a campaign may call: on {@code days}, from {@code start} (inclusive) to {@code end} (exclusive) local time in
 * {@code zone}: the callee's hours, whatever the server's zone or the daylight-saving season. {@link LocalTime#MAX}
 * as end stands for 24:00 (until midnight). Windows that cross midnight are two days' windows: not supported.
 *
 * <p>Daylight saving: the window follows the wall clock. On the day clocks go forward a start inside the skipped
 * hour opens at the end of the gap; on the day they go back the repeated hour is inside or outside as its wall time
 * says.
 */
public record CallingWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {

    public CallingWindow {
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("must name at least one day");
        }
        if (start == null || end == null || zone == null) {
            throw new IllegalArgumentException("start, end and time zone are required");
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("end must be after start on the same day");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /** True when a call may be placed at {@code instant}. */
    public boolean isOpen(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !time.isBefore(start) && (end.equals(LocalTime.MAX)
                || time.isBefore(end));
    }

    /** {@code instant} itself when the window is open then, else the next instant it opens. */
    public Instant nextOpening(Instant instant) {
        LocalDate date = instant.atZone(zone).toLocalDate();
        // 8 days: today's window may be over, and the next one is at most a week later
        for (int offset = 0; offset <= 7; offset++) {
            LocalDate day = date.plusDays(offset);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant opens = firstInstantAtOrAfter(day.atTime(start));
            Instant closes = end.equals(LocalTime.MAX)
                    ? firstInstantAtOrAfter(day.plusDays(1).atStartOfDay())
                    : firstInstantAtOrAfter(day.atTime(end));
            if (instant.isBefore(closes)) {
                return instant.isBefore(opens) ? opens : instant;
            }
        }
        throw new IllegalStateException("a window with days never opens: " + this);
    }

    /** The instant of a wall time, or the end of the gap when the clocks skip it (spring forward). */
    private Instant firstInstantAtOrAfter(LocalDateTime wallTime) {
        var rules = zone.getRules();
        if (rules.getValidOffsets(wallTime).isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(wallTime);
            return gap.getInstant();
        }
        // on an overlap (fall back) the earlier offset: the first moment the wall clock shows this time
        return ZonedDateTime.ofLocal(wallTime, zone, null).withEarlierOffsetAtOverlap().toInstant();
    }
}
