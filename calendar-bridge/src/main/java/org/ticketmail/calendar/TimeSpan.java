package org.ticketmail.calendar;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open stretch of time [start, end): a scheduled ticket, a busy period, an event. */
public record TimeSpan(Instant start, Instant end) {
    public TimeSpan {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a time span ends after it starts: " + start + " .. " + end);
        }
    }

    public static TimeSpan of(Instant start, Duration length) {
        return new TimeSpan(start, start.plus(length));
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** Whether the two share any instant (touching ends do not overlap). */
    public boolean overlaps(TimeSpan other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    /** This span moved to start at {@code newStart}, same length. */
    public TimeSpan startingAt(Instant newStart) {
        return new TimeSpan(newStart, newStart.plus(length()));
    }
}
