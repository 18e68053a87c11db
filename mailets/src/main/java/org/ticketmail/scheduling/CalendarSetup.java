package org.ticketmail.scheduling;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.ticketmail.calendar.CalendarPort;
import org.ticketmail.calendar.WorkingTime;

/**
 * How the gateway schedules, from the {@code calendar.*} keys of conf/ticketmail.properties. Immutable.
 *
 * @param working calendar.timezone, calendar.workingHours, calendar.workingDays and calendar.minFreeMinutes
 * @param google the Google calendar service (calendar.google.credentials), or empty when it is not set up:
 *     then google and guest technicians' slots stay in the store and their calendar work waits, showing why
 * @param supportCalendar the calendar guest technicians are invited from (calendar.google.supportCalendar)
 * @param syncInterval how often changes are read back from Google calendars (calendar.sync.interval)
 * @param reflowInterval how often not-yet-started work is moved to match reality (calendar.reflow.interval);
 *     zero turns reflow off
 * @param retryBase the wait after a first failed calendar write; it doubles with each failure, up to 30 minutes
 */
public record CalendarSetup(WorkingTime working, Optional<CalendarPort> google, Optional<String> supportCalendar,
                            Duration syncInterval, Duration reflowInterval, Duration retryBase) {
    /** The longest wait between two tries of a calendar write. */
    public static final Duration MAX_RETRY = Duration.ofMinutes(30);

    public CalendarSetup {
        Objects.requireNonNull(working, "working");
        google = google == null ? Optional.empty() : google;
        supportCalendar = supportCalendar == null ? Optional.empty() : supportCalendar.filter(s -> !s.isBlank());
        Objects.requireNonNull(syncInterval, "syncInterval");
        Objects.requireNonNull(reflowInterval, "reflowInterval");
        Objects.requireNonNull(retryBase, "retryBase");
    }

    /** Scheduling in the store and by iMIP only: no Google calendar. */
    public static CalendarSetup withoutGoogle(WorkingTime working) {
        return new CalendarSetup(working, Optional.empty(), Optional.empty(), Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofSeconds(2));
    }

    /** The wait before try {@code attempts + 1}. */
    public Duration retryAfter(int attempts) {
        Duration wait = retryBase.multipliedBy(1L << Math.min(attempts, 20));
        return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
    }
}
