package org.ticketmail.store.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BusinessHoursTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 09:00-18:00, weekends and holidays off, Christmas a holiday. */
    private static final BusinessHours OFFICE = new BusinessHours(BERLIN, 9 * 60, 18 * 60, true, true, Set.of(LocalDate.parse("2026-12-25")));

    private static Instant at(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BERLIN).toInstant();
    }

    @Test
    void betweenShouldCountOnlyTheHoursInsideTheWindow() {
        assertThat(OFFICE.between(at("2026-12-01T07:00"), at("2026-12-01T10:30"))).isEqualTo(Duration.ofMinutes(90));
        assertThat(OFFICE.between(at("2026-12-01T17:00"), at("2026-12-01T23:00"))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void betweenShouldSkipTheNightAcrossMidnight() {
        // Tuesday 16:00 to Wednesday 11:00: 2 hours on Tuesday, 2 on Wednesday.
        assertThat(OFFICE.between(at("2026-12-01T16:00"), at("2026-12-02T11:00"))).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void betweenShouldSkipTheWeekendWhenWeekendsAreOff() {
        // Friday 2026-12-04 17:00 to Monday 10:00: 1 hour on Friday, 1 on Monday.
        assertThat(OFFICE.between(at("2026-12-04T17:00"), at("2026-12-07T10:00"))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void betweenShouldCountTheWeekendWhenWeekendsCount() {
        BusinessHours everyDay = new BusinessHours(BERLIN, 9 * 60, 18 * 60, false, true, Set.of());
        assertThat(everyDay.between(at("2026-12-04T17:00"), at("2026-12-07T10:00"))).isEqualTo(Duration.ofHours(1 + 9 + 9 + 1));
    }

    @Test
    void betweenShouldSkipAHolidayWhenHolidaysAreOff() {
        // Thursday 24th 17:00 to Monday 28th 10:00: 1 hour on the 24th; the 25th is a holiday, then the weekend.
        assertThat(OFFICE.between(at("2026-12-24T17:00"), at("2026-12-28T10:00"))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void betweenShouldCountAHolidayWhenHolidaysCount() {
        BusinessHours holidaysCount = new BusinessHours(BERLIN, 9 * 60, 18 * 60, true, false, Set.of(LocalDate.parse("2026-12-25")));
        assertThat(holidaysCount.between(at("2026-12-24T17:00"), at("2026-12-28T10:00"))).isEqualTo(Duration.ofHours(1 + 9 + 1));
    }

    @Test
    void betweenShouldCountTheRealHoursOfADaylightSavingDayAroundTheClock() {
        BusinessHours always = BusinessHours.always(BERLIN);
        // 2026-03-29: clocks go from 02:00 to 03:00, the day has 23 hours; 2026-10-25 has 25.
        assertThat(always.between(at("2026-03-29T00:00"), at("2026-03-30T00:00"))).isEqualTo(Duration.ofHours(23));
        assertThat(always.between(at("2026-10-25T00:00"), at("2026-10-26T00:00"))).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void betweenShouldKeepOfficeHoursOnADaylightSavingWeekend() {
        BusinessHours everyDay = new BusinessHours(BERLIN, 9 * 60, 18 * 60, false, false, Set.of());
        // Saturday 17:00 to Monday 10:00 over the spring change: 1 + 9 + 1 hours of wall-clock office time.
        assertThat(everyDay.between(at("2026-03-28T17:00"), at("2026-03-30T10:00"))).isEqualTo(Duration.ofHours(11));
    }

    @Test
    void plusShouldEndInsideTheNextWindowWhenTheDayRunsOut() {
        // 4 business hours from Friday 16:00: 2 on Friday, 2 on Monday: Monday 11:00.
        assertThat(OFFICE.plus(at("2026-12-04T16:00"), Duration.ofHours(4))).isEqualTo(at("2026-12-07T11:00"));
    }

    @Test
    void plusShouldStartAtTheWindowWhenGivenANightTime() {
        assertThat(OFFICE.plus(at("2026-12-01T22:00"), Duration.ofMinutes(30))).isEqualTo(at("2026-12-02T09:30"));
    }

    @Test
    void plusShouldBePassedOnlyWhenTheNextWindowStartsWhenTheAmountFillsTheDay() {
        // 9 hours from 09:00 use the whole day; more than 9 lie behind only from the next morning on.
        assertThat(OFFICE.plus(at("2026-12-01T09:00"), Duration.ofHours(9))).isEqualTo(at("2026-12-02T09:00"));
        assertThat(OFFICE.plus(at("2026-12-04T14:00"), Duration.ofHours(4))).isEqualTo(at("2026-12-07T09:00")); // Friday to Monday
    }

    @Test
    void plusOfNothingShouldBeTheFirstInstantThatCounts() {
        assertThat(OFFICE.plus(at("2026-12-01T10:00"), Duration.ZERO)).isEqualTo(at("2026-12-01T10:00"));
        assertThat(OFFICE.plus(at("2026-12-05T10:00"), Duration.ZERO)).isEqualTo(at("2026-12-07T09:00")); // a Saturday
    }

    @Test
    void plusShouldBeTheInverseOfBetweenAcrossTheAutumnChange() {
        BusinessHours always = BusinessHours.always(BERLIN);
        Instant from = at("2026-10-24T22:00");
        Instant end = always.plus(from, Duration.ofHours(6));
        assertThat(Duration.between(from, end)).isEqualTo(Duration.ofHours(6));
        assertThat(end).isEqualTo(at("2026-10-25T03:00")); // 02:00-03:00 happens twice that night
        assertThat(always.between(from, end)).isEqualTo(Duration.ofHours(6));
    }
}
