package org.ticketmail.store.mapper;

import java.time.Instant;

/** A ticket as SLA evaluation reads it. */
public record SlaTicketRow(String number, String accountId, String managerId, String status, Instant createdAt, Instant updatedAt) {
}
