package org.ticketmail.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SlotsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Slots OFFICE = slots("09:00-17:00", "MON-FRI", "60");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final List<TimeSpan> NONE = List.of();

    private static Slots slots(String hours, String days, String minFree) {
        return new Slots(WorkingTime.parse("Europe/Berlin", hours, days, minFree));
    }

    /** A local time in Berlin, e.g. "2026-12-01T14:00". */
    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    /** From a local time to a local time of the same day, e.g. span("2026-12-01T14:00", "15:30"). */
    private static TimeSpan span(String start, String endTime) {
        return new TimeSpan(at(start), at(start.substring(0, 11) + endTime));
    }

    @Test
    void firstShouldStartAtNotBeforeWhenItIsFree() {
        assertThat(OFFICE.first(at("2026-12-01T10:00"), HOUR, NONE, NONE)).contains(span("2026-12-01T10:00", "11:00"));
    }

    @Test
    void firstShouldRoundUpToTheNextQuarterHour() {
        Instant notBefore = at("2026-12-01T10:07").plusSeconds(30);

        assertThat(OFFICE.first(notBefore, HOUR, NONE, NONE)).contains(span("2026-12-01T10:15", "11:15"));
    }

    @Test
    void firstShouldSkipABusyPeriod() {
        List<TimeSpan> busy = List.of(span("2026-12-01T10:00", "11:00"));

        assertThat(OFFICE.first(at("2026-12-01T10:00"), HOUR, busy, NONE)).contains(span("2026-12-01T11:00", "12:00"));
    }

    @Test
    void firstShouldStartOnTheQuarterHourAfterABusyPeriodEndingBetweenQuarters() {
        List<TimeSpan> busy = List.of(span("2026-12-01T10:00", "10:50"));

        assertThat(OFFICE.first(at("2026-12-01T10:00"), HOUR, busy, NONE)).contains(span("2026-12-01T11:00", "12:00"));
    }

    @Test
    void firstShouldSkipOverlappingBusyPeriodsInOneGo() {
        List<TimeSpan> busy = List.of(span("2026-12-01T11:00", "12:30"), span("2026-12-01T09:30", "11:30"),
                span("2026-12-01T12:30", "13:00"));

        assertThat(OFFICE.first(at("2026-12-01T09:00"), HOUR, busy, NONE)).contains(span("2026-12-01T13:00", "14:00"));
    }

    @Test
    void firstShouldKeepMinFreeMinutesAfterAnotherTicket() {
        List<TimeSpan> own = List.of(span("2026-12-01T09:00", "10:00"));

        assertThat(OFFICE.first(at("2026-12-01T09:00"), HOUR, NONE, own)).contains(span("2026-12-01T11:00", "12:00"));
    }

    @Test
    void firstShouldKeepMinFreeMinutesBeforeAnotherTicket() {
        List<TimeSpan> own = List.of(span("2026-12-01T11:30", "12:00"));

        assertThat(OFFICE.first(at("2026-12-01T10:00"), HOUR, NONE, own)).contains(span("2026-12-01T13:00", "14:00"));
    }

    @Test
    void firstShouldFitBetweenTwoTicketsExactlyMinFreeMinutesApart() {
        List<TimeSpan> own = List.of(span("2026-12-01T09:00", "10:00"), span("2026-12-01T13:00", "14:00"));

        assertThat(OFFICE.first(at("2026-12-01T09:00"), HOUR, NONE, own)).contains(span("2026-12-01T11:00", "12:00"));
    }

    @Test
    void firstShouldKeepNoFreeMinutesAroundABusyPeriod() {
        List<TimeSpan> busy = List.of(span("2026-12-01T09:00", "10:00"));

        assertThat(OFFICE.first(at("2026-12-01T09:00"), HOUR, busy, NONE)).contains(span("2026-12-01T10:00", "11:00"));
    }

    @Test
    void firstShouldPackTicketsWhenMinFreeMinutesAreZero() {
        List<TimeSpan> own = List.of(span("2026-12-01T09:00", "10:00"));

        assertThat(slots("09:00-17:00", "MON-FRI", "0").first(at("2026-12-01T09:00"), HOUR, NONE, own))
                .contains(span("2026-12-01T10:00", "11:00"));
    }

    @Test
    void firstShouldStartWhenWorkingHoursStart() {
        assertThat(OFFICE.first(at("2026-12-01T06:10"), HOUR, NONE, NONE)).contains(span("2026-12-01T09:00", "10:00"));
    }

    @Test
    void firstShouldMoveToNextWorkingDayAfterHours() {
        assertThat(OFFICE.first(at("2026-12-01T17:30"), HOUR, NONE, NONE)).contains(span("2026-12-02T09:00", "10:00"));
    }

    @Test
    void firstShouldEndWhenWorkingHoursEndAtTheLatest() {
        assertThat(OFFICE.first(at("2026-12-01T16:00"), HOUR, NONE, NONE)).contains(span("2026-12-01T16:00", "17:00"));
        assertThat(OFFICE.first(at("2026-12-01T16:15"), HOUR, NONE, NONE)).contains(span("2026-12-02T09:00", "10:00"));
    }

    @Test
    void firstShouldSkipWeekends() {
        assertThat(OFFICE.first(at("2026-12-04T16:30"), HOUR, NONE, NONE)).contains(span("2026-12-07T09:00", "10:00"));
    }

    @Test
    void firstShouldSkipDaysThatAreNotWorkingDays() {
        Slots tueThu = slots("09:00-17:00", "tue,Thu", "60");

        assertThat(tueThu.first(at("2026-12-01T17:00"), HOUR, NONE, NONE)).contains(span("2026-12-03T09:00", "10:00"));
    }

    @Test
    void firstShouldFillAWholeWorkingDay() {
        assertThat(OFFICE.first(at("2026-12-01T09:00"), Duration.ofHours(8), NONE, NONE))
                .contains(span("2026-12-01T09:00", "17:00"));
    }

    @Test
    void firstShouldBeEmptyWhenLongerThanAWorkingDay() {
        assertThat(OFFICE.first(at("2026-12-01T09:00"), Duration.ofMinutes(8 * 60 + 15), NONE, NONE)).isEmpty();
    }

    @Test
    void firstShouldLookAtNinetyDaysFromTheDayOfNotBefore() {
        Slots everyDay = slots("09:00-17:00", "MON-SUN", "0");
        Instant notBefore = at("2026-12-01T09:00");
        LocalDate lastDay = LocalDate.parse("2026-12-01").plusDays(Slots.SEARCH_DAYS - 1);
        List<TimeSpan> busyUntilLastDay = List.of(new TimeSpan(notBefore, everyDay.at(lastDay, LocalTime.MIDNIGHT)));
        List<TimeSpan> busyThroughLastDay = List.of(new TimeSpan(notBefore, everyDay.at(lastDay.plusDays(1),
                LocalTime.MIDNIGHT)));

        assertThat(everyDay.first(notBefore, HOUR, busyUntilLastDay, NONE).map(TimeSpan::start))
                .contains(everyDay.at(lastDay, LocalTime.of(9, 0)));
        assertThat(everyDay.first(notBefore, HOUR, busyThroughLastDay, NONE)).isEmpty();
    }

    @Test
    void firstShouldKeepToTheClockOnTheSpringForwardDay() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST, so 01:00-05:00 lasts 3 hours that day
        Slots night = slots("01:00-05:00", "MON-SUN", "0");

        assertThat(night.first(at("2026-03-29T01:00"), Duration.ofHours(3), NONE, NONE))
                .contains(new TimeSpan(Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T03:00:00Z")));
        assertThat(night.first(at("2026-03-29T01:00"), Duration.ofMinutes(195), NONE, NONE).map(TimeSpan::start))
                .contains(at("2026-03-30T01:00"));
    }

    @Test
    void firstShouldJumpOverTheSpringForwardGap() {
        Slots night = slots("01:00-05:00", "MON-SUN", "0");
        List<TimeSpan> busy = List.of(new TimeSpan(at("2026-03-29T01:00"), Instant.parse("2026-03-29T00:50:00Z")));

        Optional<TimeSpan> first = night.first(at("2026-03-29T01:00"), HOUR, busy, NONE);

        assertThat(first).contains(TimeSpan.of(Instant.parse("2026-03-29T01:00:00Z"), HOUR));
        assertThat(night.describe(first.get())).isEqualTo("Sun 2026-03-29 03:00–04:00 (Europe/Berlin)");
    }

    @Test
    void firstShouldUseTheLongerFallBackDay() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET, so 01:00-05:00 lasts 5 hours that day
        Slots night = slots("01:00-05:00", "MON-SUN", "0");

        assertThat(night.first(at("2026-10-25T00:00"), Duration.ofMinutes(270), NONE, NONE))
                .contains(TimeSpan.of(Instant.parse("2026-10-24T23:00:00Z"), Duration.ofMinutes(270)));
    }

    @Test
    void firstShouldStartOnLocalQuarterHoursInTheRepeatedHour() {
        Slots night = slots("01:00-05:00", "MON-SUN", "0");
        List<TimeSpan> busy = List.of(new TimeSpan(at("2026-10-25T01:00"), Instant.parse("2026-10-25T01:05:00Z")));

        Optional<TimeSpan> first = night.first(at("2026-10-25T01:00"), HOUR, busy, NONE);

        assertThat(first.map(TimeSpan::start)).contains(Instant.parse("2026-10-25T01:15:00Z"));
        assertThat(night.describe(first.get())).isEqualTo("Sun 2026-10-25 02:15–03:15 (Europe/Berlin)");
    }

    @Test
    void firstShouldAgreeWithCheckingEveryQuarterHour() {
        Random random = new Random(20261201);
        for (Slots slots : List.of(slots("07:30-18:00", "MON-SAT", "45"), slots("01:00-05:00", "MON-SUN", "30"))) {
            for (Instant base : List.of(at("2026-03-26T00:00"), at("2026-10-22T00:00"))) { // around the DST changes
                for (int round = 0; round < 150; round++) {
                    List<TimeSpan> external = randomSpans(random, base);
                    List<TimeSpan> own = randomSpans(random, base);
                    Instant notBefore = base.plus(Duration.ofMinutes(random.nextInt(4 * 24 * 60)));
                    Duration length = Duration.ofMinutes(15 + random.nextInt(5 * 60));

                    assertThat(slots.first(notBefore, length, external, own))
                            .as("%s from %s for %s, busy %s, own %s", slots.workingTime(), notBefore, length, external, own)
                            .isEqualTo(firstByCheckingEveryQuarterHour(slots, notBefore, length, external, own));
                }
            }
        }
    }

    private static List<TimeSpan> randomSpans(Random random, Instant base) {
        List<TimeSpan> spans = new ArrayList<>();
        for (int i = random.nextInt(12); i > 0; i--) {
            Instant start = base.plus(Duration.ofMinutes(random.nextInt(6 * 24 * 60)));
            spans.add(TimeSpan.of(start, Duration.ofMinutes(1 + random.nextInt(4 * 60))));
        }
        return spans;
    }

    /** The slow, obvious way: every quarter hour of every working day, asking {@link Slots#conflict}. */
    private static Optional<TimeSpan> firstByCheckingEveryQuarterHour(Slots slots, Instant notBefore, Duration length,
                                                                      List<TimeSpan> external, List<TimeSpan> own) {
        WorkingTime w = slots.workingTime();
        LocalDate firstDay = notBefore.atZone(w.zone()).toLocalDate();
        for (int d = 0; d < Slots.SEARCH_DAYS; d++) {
            LocalDate day = firstDay.plusDays(d);
            if (!w.days().contains(day.getDayOfWeek())) {
                continue;
            }
            for (Instant start = slots.at(day, w.from()); !start.plus(length).isAfter(slots.at(day, w.to()));
                 start = start.plus(Duration.ofMinutes(15))) {
                TimeSpan candidate = TimeSpan.of(start, length);
                if (!start.isBefore(notBefore) && slots.conflict(candidate, external, own).isEmpty()) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void firstShouldRefuseALengthOfZero() {
        assertThatThrownBy(() -> OFFICE.first(at("2026-12-01T09:00"), Duration.ZERO, NONE, NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a slot lasts more than zero minutes: PT0S");
    }

    @Test
    void conflictShouldNameTheOverlappingPeriod() {
        List<TimeSpan> busy = List.of(span("2026-12-01T16:00", "17:00"), span("2026-12-01T14:30", "15:00"));

        assertThat(OFFICE.conflict(span("2026-12-01T14:00", "16:30"), busy, NONE))
                .contains("it overlaps a busy period Tue 2026-12-01 14:30–15:00");
    }

    @Test
    void conflictShouldNameTheScheduledTicketItOverlaps() {
        List<TimeSpan> own = List.of(span("2026-12-01T13:00", "14:30"));

        assertThat(OFFICE.conflict(span("2026-12-01T14:00", "15:00"), NONE, own))
                .contains("it overlaps the scheduled ticket Tue 2026-12-01 13:00–14:30");
    }

    @Test
    void conflictShouldNameTheTicketEndingTooShortlyBefore() {
        List<TimeSpan> own = List.of(span("2026-12-01T11:00", "11:30"), span("2026-12-01T12:30", "13:30"));

        assertThat(OFFICE.conflict(span("2026-12-01T14:00", "15:00"), NONE, own))
                .contains("it leaves less than 60 minutes after the scheduled ticket ending 13:30");
    }

    @Test
    void conflictShouldNameTheTicketStartingTooSoonAfter() {
        List<TimeSpan> own = List.of(span("2026-12-01T15:30", "16:00"));

        assertThat(OFFICE.conflict(span("2026-12-01T14:00", "15:00"), NONE, own))
                .contains("it leaves less than 60 minutes before the scheduled ticket starting 15:30");
    }

    @Test
    void conflictShouldNameTheDateOfATicketOnAnotherDay() {
        List<TimeSpan> own = List.of(new TimeSpan(at("2026-11-30T23:00"), at("2026-11-30T23:30")));

        assertThat(OFFICE.conflict(span("2026-12-01T00:15", "01:00"), NONE, own))
                .contains("it leaves less than 60 minutes after the scheduled ticket ending Mon 2026-11-30 23:30");
    }

    @Test
    void conflictShouldAllowExactlyMinFreeMinutes() {
        List<TimeSpan> own = List.of(span("2026-12-01T12:00", "13:00"), span("2026-12-01T16:00", "17:00"));

        assertThat(OFFICE.conflict(span("2026-12-01T14:00", "15:00"), NONE, own)).isEmpty();
    }

    @Test
    void conflictShouldAllowTouchingABusyPeriod() {
        List<TimeSpan> busy = List.of(span("2026-12-01T13:00", "14:00"), span("2026-12-01T15:00", "16:00"));

        assertThat(OFFICE.conflict(span("2026-12-01T14:00", "15:00"), busy, NONE)).isEmpty();
    }

    @Test
    void conflictShouldAllowSpansOutsideWorkingHours() {
        assertThat(OFFICE.conflict(span("2026-12-05T20:00", "21:00"), NONE, NONE)).isEmpty();
    }

    @Test
    void describeShouldShowDayTimesAndZone() {
        assertThat(OFFICE.describe(span("2026-12-01T14:00", "15:30"))).isEqualTo("Tue 2026-12-01 14:00–15:30 (Europe/Berlin)");
    }

    @Test
    void describeShouldShowTheEndDateWhenItIsAnotherDay() {
        assertThat(OFFICE.describe(new TimeSpan(at("2026-12-01T23:00"), at("2026-12-02T01:00"))))
                .isEqualTo("Tue 2026-12-01 23:00–Wed 2026-12-02 01:00 (Europe/Berlin)");
    }

    @Test
    void atShouldMoveATimeInTheSpringGapForward() {
        assertThat(OFFICE.at(LocalDate.parse("2026-03-29"), LocalTime.parse("02:30")))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void atShouldTakeTheEarlierOfATimeThatHappensTwice() {
        assertThat(OFFICE.at(LocalDate.parse("2026-10-25"), LocalTime.parse("02:30")))
                .isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }
}
