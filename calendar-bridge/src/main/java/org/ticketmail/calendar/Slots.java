package org.ticketmail.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Free time in a technician's calendar: whether a span is free ({@link #conflict}) and the earliest free span
 * inside working hours ({@link #first}).
 *
 * <p>A span is free when it overlaps none of the technician's busy periods ({@code external}: appointments
 * nobody here made, such as a customer call booked through Calendly) and none of the technician's other
 * scheduled tickets ({@code own}), and keeps at least {@link WorkingTime#minFree()} between itself and each of
 * those tickets (seed 003's "Min Minutes Free Between Activities": the gaps a third-party scheduler may book).
 * Busy periods need no gap; spans touching end to start do not overlap. When a ticket is moved, the caller leaves
 * its old span out of {@code own}.
 *
 * <p>Local times are those of {@link WorkingTime#zone()}; days with a daylight-saving change are as long as the
 * clock says (a 09:00-17:00 day is 8 hours either way, a 01:00-05:00 day 3 hours in spring and 5 in autumn).
 * Immutable and thread-safe.
 */
public final class Slots {
    /** How far {@link #first} looks: the local date of {@code notBefore} and the days after it, this many in all. */
    public static final int SEARCH_DAYS = 90;

    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private final WorkingTime workingTime;

    public Slots(WorkingTime workingTime) {
        this.workingTime = Objects.requireNonNull(workingTime, "workingTime");
    }

    public WorkingTime workingTime() {
        return workingTime;
    }

    /**
     * Why {@code span} is not free, or empty when it is. Working hours do not matter here: a technician may
     * schedule a ticket at any time. Of several conflicts the reason names one: an overlapped busy period
     * before an overlapped ticket before a ticket too close; the first of each in time, for a gap the nearest.
     *
     * @return e.g. "it overlaps a busy period Tue 2026-12-01 14:30–15:00", "it leaves less than 60 minutes after
     *     the scheduled ticket ending 13:30"
     */
    public Optional<String> conflict(TimeSpan span, List<TimeSpan> external, List<TimeSpan> own) {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(external, "external");
        Objects.requireNonNull(own, "own");
        Optional<TimeSpan> busy = earliest(external.stream().filter(span::overlaps).toList());
        if (busy.isPresent()) {
            return Optional.of("it overlaps a busy period " + period(busy.get()));
        }
        Optional<TimeSpan> ticket = earliest(own.stream().filter(span::overlaps).toList());
        if (ticket.isPresent()) {
            return Optional.of("it overlaps the scheduled ticket " + period(ticket.get()));
        }
        Duration minFree = workingTime.minFree();
        Optional<TimeSpan> before = own.stream()
                .filter(o -> !o.end().isAfter(span.start()))
                .filter(o -> Duration.between(o.end(), span.start()).compareTo(minFree) < 0)
                .max(Comparator.comparing(TimeSpan::end));
        if (before.isPresent()) {
            return Optional.of("it leaves less than " + minutes(minFree) + " after the scheduled ticket ending "
                    + moment(before.get().end(), span.start()));
        }
        Optional<TimeSpan> after = own.stream()
                .filter(o -> !o.start().isBefore(span.end()))
                .filter(o -> Duration.between(span.end(), o.start()).compareTo(minFree) < 0)
                .min(Comparator.comparing(TimeSpan::start));
        return after.map(o -> "it leaves less than " + minutes(minFree) + " before the scheduled ticket starting "
                + moment(o.start(), span.end()));
    }

    /**
     * The earliest free span of {@code length} that starts at or after {@code notBefore} on a quarter hour of
     * local time (:00, :15, :30, :45) and lies wholly inside the working hours of one working day, looking at
     * the local date of {@code notBefore} and the {@value #SEARCH_DAYS} days from it; empty when there is none,
     * for instance when {@code length} is longer than a working day. "Free" is as {@link #conflict} says.
     *
     * @param length more than zero
     */
    public Optional<TimeSpan> first(Instant notBefore, Duration length, List<TimeSpan> external, List<TimeSpan> own) {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a slot lasts more than zero minutes: " + length);
        }
        List<TimeSpan> blocked = blocked(external, own);
        int next = 0;
        LocalDate firstDay = notBefore.atZone(workingTime.zone()).toLocalDate();
        for (LocalDate day = firstDay; day.isBefore(firstDay.plusDays(SEARCH_DAYS)); day = day.plusDays(1)) {
            if (!workingTime.days().contains(day.getDayOfWeek())) {
                continue;
            }
            Instant dayStart = at(day, workingTime.from());
            Instant dayEnd = at(day, workingTime.to());
            Instant start = quarterHourAtOrAfter(later(dayStart, notBefore));
            // blocked is disjoint and sorted: pass what ended, then the next one leaves the candidate free or is jumped
            while (!start.plus(length).isAfter(dayEnd)) {
                TimeSpan candidate = TimeSpan.of(start, length);
                while (next < blocked.size() && !blocked.get(next).end().isAfter(start)) {
                    next++;
                }
                if (next == blocked.size() || !blocked.get(next).overlaps(candidate)) {
                    return Optional.of(candidate);
                }
                start = quarterHourAtOrAfter(blocked.get(next).end());
            }
        }
        return Optional.empty();
    }

    /** {@code span} in local time with the zone, e.g. "Tue 2026-12-01 14:00–15:30 (Europe/Berlin)". */
    public String describe(TimeSpan span) {
        return period(span) + " (" + workingTime.zone().getId() + ")";
    }

    /**
     * The instant a technician means by {@code date} and {@code time} in the zone, as {@link ZonedDateTime#of}
     * reads it: a time that the clock skips in spring is moved forward by the length of the gap (02:30 becomes
     * 03:30); a time that happens twice in autumn is the earlier one.
     */
    public Instant at(LocalDate date, LocalTime time) {
        return ZonedDateTime.of(date, time, workingTime.zone()).toInstant();
    }

    /**
     * What no candidate may overlap: the busy periods, and the tickets widened by the free time kept around them,
     * merged into disjoint spans sorted by start (so their ends are sorted too).
     */
    private List<TimeSpan> blocked(List<TimeSpan> external, List<TimeSpan> own) {
        Objects.requireNonNull(external, "external");
        Objects.requireNonNull(own, "own");
        Duration minFree = workingTime.minFree();
        List<TimeSpan> all = new ArrayList<>(external);
        own.forEach(o -> all.add(new TimeSpan(o.start().minus(minFree), o.end().plus(minFree))));
        all.sort(Comparator.comparing(TimeSpan::start));
        List<TimeSpan> merged = new ArrayList<>();
        for (TimeSpan s : all) {
            TimeSpan last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !s.start().isAfter(last.end())) {
                merged.set(merged.size() - 1, new TimeSpan(last.start(), later(last.end(), s.end())));
            } else {
                merged.add(s);
            }
        }
        return merged;
    }

    /** {@code t}, or the next quarter hour of local time after it. */
    private Instant quarterHourAtOrAfter(Instant t) {
        ZonedDateTime local = t.atZone(workingTime.zone());
        ZonedDateTime down = local.truncatedTo(ChronoUnit.MINUTES).minusMinutes(local.getMinute() % 15);
        return down.equals(local) ? t : down.plusMinutes(15).toInstant();
    }

    /** "Tue 2026-12-01 14:00–15:30", or "Tue 2026-12-01 23:00–Wed 2026-12-02 01:00" across midnight. */
    private String period(TimeSpan span) {
        return DAY_TIME.format(span.start().atZone(workingTime.zone())) + "–" + moment(span.end(), span.start());
    }

    /** {@code t} as "13:30" when it is on the local date of {@code near}, else as "Mon 2026-11-30 17:00". */
    private String moment(Instant t, Instant near) {
        ZonedDateTime local = t.atZone(workingTime.zone());
        boolean sameDay = local.toLocalDate().equals(near.atZone(workingTime.zone()).toLocalDate());
        return (sameDay ? TIME : DAY_TIME).format(local);
    }

    private static String minutes(Duration d) {
        long minutes = d.toMinutes();
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private static Optional<TimeSpan> earliest(List<TimeSpan> spans) {
        return spans.stream().min(Comparator.comparing(TimeSpan::start));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
