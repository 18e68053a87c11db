package org.ticketmail.store.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A time a ticket was outside its SLA: from {@code start} (the instant the limit was passed) to {@code end} (the
 * change that ended it), or still, when {@code end} is empty.
 *
 * @param limit the limit that was passed, for messages
 * @param origin when the clock that ran out started: the customer's mail, the last work, the ticket's opening (or its
 *     reopening, for a second lifetime breach), the newest ticket's opening. It does not move when the level's hours or
 *     limits are edited, so a breach is known by it.
 */
public record Breach(String ticketNumber, Kind kind, Instant start, Optional<Instant> end, Duration limit, Instant origin) {
    /** Which of seed 004's limits a breach passed. */
    public enum Kind {
        /** A customer's mail waited longer than the maximum response time. */
        RESPONSE("response time"),
        /** The ticket stayed open longer than its maximum lifetime. */
        LIFETIME("lifetime"),
        /** Nobody worked on the ticket for longer than the maximum inactivity. */
        INACTIVITY("inactivity"),
        /** The account had more tickets open at once than its maximum. */
        OPEN_TICKETS("open tickets");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        /** The name in the JSON view and the history: {@code open-tickets}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Breach {
        Objects.requireNonNull(ticketNumber, "ticketNumber");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(origin, "origin");
    }

    public boolean ongoing() {
        return end.isEmpty();
    }
}
