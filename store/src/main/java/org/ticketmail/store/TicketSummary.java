package org.ticketmail.store;

import java.time.Instant;

/** A ticket in a list: {@code GET /api/tickets?updatedSince=...}. */
public record TicketSummary(String number, String subject, TicketStatus status, Instant updatedAt) {
}
