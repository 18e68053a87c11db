package org.ticketmail.store.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * The time an SLA's clocks run in (seed 004: "Start hour to compute SLA", "Last hour to compute SLA", "Disable
 * SLA on weekends", "Disable SLA on holidays"): each counted day from {@code startMinute} to {@code endMinute},
 * read in {@code zone}. Days are local dates, so a day's window is its wall-clock hours whatever a
 * daylight-saving change does to that day's length; a window over the change counts the hours that really
 * passed. Immutable and thread-safe.
 *
 * @param holidays the dates that do not count when {@code holidaysOff}
 */
public record BusinessHours(ZoneId zone, int startMinute, int endMinute, boolean weekendsOff, boolean holidaysOff,
                            Set<LocalDate> holidays) {
    /** Looking further than this for the end of a duration means the hours can never hold it. */
    private static final int MAX_DAYS = 366 * 20;

    public BusinessHours {
        Objects.requireNonNull(zone, "zone");
        if (startMinute < 0 || endMinute > 24 * 60 || startMinute >= endMinute) {
            throw new IllegalArgumentException("business hours end after they start, within one day: " + startMinute + "-" + endMinute);
        }
        holidays = Set.copyOf(holidays);
    }

    /** Every hour of every day, in {@code zone}. */
    public static BusinessHours always(ZoneId zone) {
        return new BusinessHours(zone, 0, 24 * 60, false, false, Set.of());
    }

    /** The hours of {@code terms}, in {@code zone}, with these holidays. */
    public static BusinessHours of(SlaTerms terms, ZoneId zone, Set<LocalDate> holidays) {
        return new BusinessHours(zone, terms.startMinute(), terms.endMinute(), terms.weekendsOff(), terms.holidaysOff(), holidays);
    }

    /** The business time from {@code from} to {@code to}; zero when {@code to} is not after {@code from}. */
    public Duration between(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        for (LocalDate day = from.atZone(zone).toLocalDate(); ; day = day.plusDays(1)) {
            Instant dayStart = day.atStartOfDay(zone).toInstant();
            if (!dayStart.isBefore(to)) {
                return total;
            }
            if (counts(day)) {
                Instant a = max(from, windowStart(day));
                Instant b = min(to, windowEnd(day));
                if (a.isBefore(b)) {
                    total = total.plus(Duration.between(a, b));
                }
            }
        }
    }

    /**
     * The instant from which more than {@code amount} of business time lies behind {@code from}, always inside a window
     * (for zero, the first instant from {@code from} on that counts). An amount that fills a window to its end is passed only where the next window starts:
     * until then no more time counts.
     */
    public Instant plus(Instant from, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a business duration is not negative: " + amount);
        }
        Duration left = amount;
        LocalDate day = from.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!counts(day)) {
                continue;
            }
            Instant a = max(from, windowStart(day));
            Instant b = windowEnd(day);
            if (!a.isBefore(b)) {
                continue;
            }
            Duration window = Duration.between(a, b);
            if (window.compareTo(left) > 0 || left.isZero()) {
                return a.plus(left);
            }
            left = left.minus(window);
        }
        throw new IllegalStateException("no " + amount + " of business time within " + MAX_DAYS + " days of " + from);
    }

    /** Whether {@code day} has business hours at all. */
    public boolean counts(LocalDate day) {
        if (weekendsOff && (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY)) {
            return false;
        }
        return !(holidaysOff && holidays.contains(day));
    }

    private Instant windowStart(LocalDate day) {
        return ZonedDateTime.of(day, LocalTime.MIDNIGHT.plusMinutes(startMinute), zone).toInstant();
    }

    private Instant windowEnd(LocalDate day) {
        return endMinute == 24 * 60 ? day.plusDays(1).atStartOfDay(zone).toInstant()
                : ZonedDateTime.of(day, LocalTime.MIDNIGHT.plusMinutes(endMinute), zone).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
