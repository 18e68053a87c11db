package org.ticketmail.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The life cycle of a ticket (seed 004, "States of a ticket"): a ticket starts {@code new}; it is
 * {@code assigned} once somebody works on it; {@code pending-third-party} pauses it while someone else
 * must answer; {@code pending-close} and {@code unconfirmed} are temporary marks; {@code closed} ends it
 * (with a resolution and an epilogue, and may be locked); {@code reopened} is like assigned, for a ticket
 * revived from closed. Which moves are allowed is {@code conf/statuses.yaml}'s business.
 */
public enum TicketStatus {
    NEW, ASSIGNED, PENDING_THIRD_PARTY, PENDING_CLOSE, UNCONFIRMED, CLOSED, REOPENED;

    public boolean isClosed() {
        return this == CLOSED;
    }

    /** The name in mail commands, configuration and the JSON view: {@code pending-third-party}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The status named {@code name} ({@code pending-third-party}, any case), if there is one. */
    public static Optional<TicketStatus> find(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(s -> s.name().equals(n)).findFirst();
    }

    /** All names, for messages: new, assigned, ... */
    public static String names() {
        return Arrays.stream(values()).map(TicketStatus::jsonName).collect(Collectors.joining(", "));
    }
}
