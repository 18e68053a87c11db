package org.ticketmail.store;

import java.time.Instant;

/**
 * Which tickets to list (seed 002's views: the Inbox, the Ticket Manager filter, by status): each filter
 * is null when unused; all that are set must hold. Oldest change first, at most {@code limit}.
 */
public record TicketQuery(Instant updatedSince, Boolean inbox, String manager, String status, int limit) {
    public TicketQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    /** With {@code status} as the store names it. */
    public static TicketQuery of(Instant updatedSince, Boolean inbox, String manager, TicketStatus status, int limit) {
        return new TicketQuery(updatedSince, inbox, manager, status == null ? null : status.name(), limit);
    }
}
