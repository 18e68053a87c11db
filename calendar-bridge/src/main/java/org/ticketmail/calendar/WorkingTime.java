package org.ticketmail.calendar;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When technicians work, and how much free time scheduled tickets keep between them: the keys
 * {@code calendar.timezone}, {@code calendar.workingHours}, {@code calendar.workingDays} and
 * {@code calendar.minFreeMinutes}. Working hours are read in {@code zone} on each day of {@code days}; a day's
 * hours run from {@code from} (inclusive) to {@code to} (exclusive) and do not cross midnight.
 *
 * @param zone the zone working hours are read in (calendar.timezone)
 * @param from when a working day starts, local time
 * @param to when a working day ends, local time; after {@code from}
 * @param days the working days, at least one
 * @param minFree the least time kept free between two scheduled tickets (seed 003's "Min Minutes Free Between
 *     Activities"); zero for none
 */
public record WorkingTime(ZoneId zone, LocalTime from, LocalTime to, Set<DayOfWeek> days, Duration minFree) {
    private static final Pattern HOURS = Pattern.compile("\\s*(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})\\s*");
    private static final String DAY_NAMES = "MON, TUE, WED, THU, FRI, SAT or SUN";

    public WorkingTime {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(minFree, "minFree");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("working hours end after they start: " + from + "-" + to);
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("working days name at least one day");
        }
        if (minFree.isNegative()) {
            throw new IllegalArgumentException("the free time between tickets is not negative: " + minFree);
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /**
     * Reads the four configuration values; each message names the key, the value and a good example.
     *
     * @param zone an IANA zone id such as {@code Europe/Berlin}; null or blank for the system's default zone
     * @param hours {@code HH:MM-HH:MM}, e.g. {@code 09:00-17:00}
     * @param days three-letter English day names in any case, as ranges and lists: {@code MON-FRI},
     *     {@code MON,TUE,THU}, {@code MON-WED,FRI}; a range may wrap past Sunday ({@code SUN-THU})
     * @param minFreeMinutes a whole number of minutes, 0 or more
     * @throws IllegalArgumentException naming the first bad value
     */
    public static WorkingTime parse(String zone, String hours, String days, String minFreeMinutes) {
        ZoneId parsedZone = parseZone(zone);
        LocalTime[] fromTo = parseHours(hours);
        return new WorkingTime(parsedZone, fromTo[0], fromTo[1], parseDays(days), parseMinFree(minFreeMinutes));
    }

    private static ZoneId parseZone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(value.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "calendar.timezone '" + value + "' is not an IANA time zone, e.g. Europe/Berlin", e);
        }
    }

    /** The start and the end of the working hours {@code value}, the end after the start. */
    private static LocalTime[] parseHours(String value) {
        Matcher m = HOURS.matcher(value == null ? "" : value);
        Optional<LocalTime> from = m.matches() ? time(m.group(1), m.group(2)) : Optional.empty();
        Optional<LocalTime> to = from.isPresent() ? time(m.group(3), m.group(4)) : Optional.empty();
        if (to.isEmpty()) {
            throw new IllegalArgumentException(
                    "calendar.workingHours '" + value + "' is not HH:MM-HH:MM, e.g. 09:00-17:00");
        }
        if (!from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("calendar.workingHours '" + value
                    + "' does not end after it starts (hours within one day), e.g. 09:00-17:00");
        }
        return new LocalTime[] {from.get(), to.get()};
    }

    private static Optional<LocalTime> time(String hour, String minute) {
        try {
            return Optional.of(LocalTime.of(Integer.parseInt(hour), Integer.parseInt(minute)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Set<DayOfWeek> parseDays(String value) {
        String text = value == null ? "" : value;
        if (text.isBlank()) {
            throw new IllegalArgumentException(
                    "calendar.workingDays '" + text + "' names no day, e.g. MON-FRI or MON,TUE,THU");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String item : text.split(",", -1)) {
            String[] ends = item.split("-", -1);
            if (ends.length > 2) {
                throw new IllegalArgumentException("calendar.workingDays '" + text + "': '" + item.strip()
                        + "' is neither a day nor a range of days, e.g. MON-FRI or MON,TUE,THU");
            }
            DayOfWeek first = day(text, ends[0]);
            DayOfWeek last = ends.length == 2 ? day(text, ends[1]) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String whole, String name) {
        String wanted = name.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equals(wanted)) {
                return d;
            }
        }
        throw new IllegalArgumentException("calendar.workingDays '" + whole + "': '" + name.strip() + "' is not "
                + DAY_NAMES + ", e.g. MON-FRI or MON,TUE,THU");
    }

    private static Duration parseMinFree(String value) {
        try {
            int minutes = Integer.parseInt(value == null ? "" : value.strip());
            if (minutes >= 0) {
                return Duration.ofMinutes(minutes);
            }
        } catch (NumberFormatException e) {
            // said below, with the value
        }
        throw new IllegalArgumentException(
                "calendar.minFreeMinutes '" + value + "' is not a whole number of minutes >= 0, e.g. 60");
    }
}
