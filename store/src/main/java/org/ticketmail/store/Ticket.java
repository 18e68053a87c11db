package org.ticketmail.store;

import java.time.Instant;

/**
 * A ticket as stored.
 *
 * @param accountId directory id of the customer account, or null when the sender matched none
 * @param contactAddress address of the customer contact the ticket is for, or null
 * @param managerId directory id of the ticket manager, or null
 * @param inInbox updated by a customer and not yet looked at (seed 002, "Inbox")
 */
public record Ticket(String number, String subject, String accountId, String contactAddress, String managerId,
                     TicketStatus status, String priority, boolean inInbox, Instant createdAt, Instant updatedAt) {
}
