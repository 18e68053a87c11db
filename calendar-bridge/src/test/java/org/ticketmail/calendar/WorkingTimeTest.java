package org.ticketmail.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkingTimeTest {
    private static WorkingTime days(String days) {
        return WorkingTime.parse("Europe/Berlin", "09:00-17:00", days, "60");
    }

    @Test
    void parseShouldReadAllFourKeys() {
        assertThat(WorkingTime.parse("Europe/Berlin", "08:30-16:45", "MON-FRI", "60")).isEqualTo(new WorkingTime(
                ZoneId.of("Europe/Berlin"), LocalTime.of(8, 30), LocalTime.of(16, 45),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Duration.ofMinutes(60)));
    }

    @Test
    void parseShouldTakeTheSystemZoneWhenTheTimezoneIsBlank() {
        assertThat(WorkingTime.parse(" ", "09:00-17:00", "MON-FRI", "0").zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(WorkingTime.parse(null, "09:00-17:00", "MON-FRI", "0").zone()).isEqualTo(ZoneId.systemDefault());
    }

    @Test
    void parseShouldAllowSpacesAndSingleDigitHours() {
        WorkingTime w = WorkingTime.parse(" Europe/Berlin ", " 7:00 - 15:30 ", " MON - FRI ", " 30 ");

        assertThat(w.from()).isEqualTo(LocalTime.of(7, 0));
        assertThat(w.to()).isEqualTo(LocalTime.of(15, 30));
        assertThat(w.minFree()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void parseShouldReadACommaListOfDays() {
        assertThat(days("MON,TUE,THU").days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.THURSDAY);
    }

    @Test
    void parseShouldReadRangesAndListsMixed() {
        assertThat(days("MON-WED,FRI").days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
    }

    @Test
    void parseShouldReadDayNamesInAnyCase() {
        assertThat(days("mon-Wed,fRi").days()).isEqualTo(days("MON-WED,FRI").days());
    }

    @Test
    void parseShouldReadARangeThatWrapsPastSunday() {
        assertThat(days("SUN-THU").days()).isEqualTo(EnumSet.complementOf(EnumSet.of(DayOfWeek.FRIDAY,
                DayOfWeek.SATURDAY)));
    }

    @Test
    void parseShouldReadOneDay() {
        assertThat(days("SAT").days()).isEqualTo(Set.of(DayOfWeek.SATURDAY));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Europe/Berln | 09:00-17:00 | MON-FRI | 60 | calendar.timezone 'Europe/Berln' is not an IANA time zone, e.g. Europe/Berlin",
        "Europe/Berlin | 9-5 | MON-FRI | 60 | calendar.workingHours '9-5' is not HH:MM-HH:MM, e.g. 09:00-17:00",
        "Europe/Berlin | 09:00-25:00 | MON-FRI | 60 | calendar.workingHours '09:00-25:00' is not HH:MM-HH:MM, e.g. 09:00-17:00",
        "Europe/Berlin | '' | MON-FRI | 60 | calendar.workingHours '' is not HH:MM-HH:MM, e.g. 09:00-17:00",
        "Europe/Berlin | 17:00-09:00 | MON-FRI | 60 | calendar.workingHours '17:00-09:00' does not end after it starts (hours within one day), e.g. 09:00-17:00",
        "Europe/Berlin | 09:00-09:00 | MON-FRI | 60 | calendar.workingHours '09:00-09:00' does not end after it starts (hours within one day), e.g. 09:00-17:00",
        "Europe/Berlin | 09:00-17:00 | MON-FRY | 60 | calendar.workingDays 'MON-FRY': 'FRY' is not MON, TUE, WED, THU, FRI, SAT or SUN, e.g. MON-FRI or MON,TUE,THU",
        "Europe/Berlin | 09:00-17:00 | MONDAY | 60 | calendar.workingDays 'MONDAY': 'MONDAY' is not MON, TUE, WED, THU, FRI, SAT or SUN, e.g. MON-FRI or MON,TUE,THU",
        "Europe/Berlin | 09:00-17:00 | MON,,TUE | 60 | calendar.workingDays 'MON,,TUE': '' is not MON, TUE, WED, THU, FRI, SAT or SUN, e.g. MON-FRI or MON,TUE,THU",
        "Europe/Berlin | 09:00-17:00 | MON-TUE-WED | 60 | calendar.workingDays 'MON-TUE-WED': 'MON-TUE-WED' is neither a day nor a range of days, e.g. MON-FRI or MON,TUE,THU",
        "Europe/Berlin | 09:00-17:00 | ' ' | 60 | calendar.workingDays ' ' names no day, e.g. MON-FRI or MON,TUE,THU",
        "Europe/Berlin | 09:00-17:00 | MON-FRI | -5 | calendar.minFreeMinutes '-5' is not a whole number of minutes >= 0, e.g. 60",
        "Europe/Berlin | 09:00-17:00 | MON-FRI | 1h | calendar.minFreeMinutes '1h' is not a whole number of minutes >= 0, e.g. 60",
    })
    void parseShouldNameKeyValueAndAGoodExampleWhenAValueIsBad(String zone, String hours, String days, String minFree,
                                                               String message) {
        assertThatThrownBy(() -> WorkingTime.parse(zone, hours, days, minFree))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void parseShouldNameAMissingValue() {
        assertThatThrownBy(() -> WorkingTime.parse("UTC", "09:00-17:00", "MON-FRI", null))
                .hasMessage("calendar.minFreeMinutes 'null' is not a whole number of minutes >= 0, e.g. 60");
    }

    @Test
    void constructorShouldRefuseHoursEndingBeforeTheyStart() {
        assertThatThrownBy(() -> new WorkingTime(ZoneId.of("UTC"), LocalTime.of(17, 0), LocalTime.of(9, 0),
                Set.of(DayOfWeek.MONDAY), Duration.ZERO)).hasMessage("working hours end after they start: 17:00-09:00");
    }

    @Test
    void constructorShouldRefuseNoWorkingDays() {
        assertThatThrownBy(() -> new WorkingTime(ZoneId.of("UTC"), LocalTime.of(9, 0), LocalTime.of(17, 0),
                Set.of(), Duration.ZERO)).hasMessage("working days name at least one day");
    }

    @Test
    void constructorShouldRefuseNegativeFreeTime() {
        assertThatThrownBy(() -> new WorkingTime(ZoneId.of("UTC"), LocalTime.of(9, 0), LocalTime.of(17, 0),
                Set.of(DayOfWeek.MONDAY), Duration.ofMinutes(-1)))
                .hasMessage("the free time between tickets is not negative: PT-1M");
    }

    @Test
    void daysShouldBeUnmodifiable() {
        assertThatThrownBy(() -> days("MON").days().add(DayOfWeek.SUNDAY)).isInstanceOf(UnsupportedOperationException.class);
    }
}
