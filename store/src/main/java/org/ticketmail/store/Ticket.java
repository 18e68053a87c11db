package org.ticketmail.store;

import java.time.Instant;

/**
 * A ticket as stored.
 *
 * @param accountId directory id of the customer account, or null when the sender matched none
 * @param contactAddress address of the customer contact the ticket is for, or null
 * @param managerId directory id of the ticket manager, or null
 * @param priority low, normal, high or urgent
 * @param inInbox updated by a customer and not yet looked at (seed 002, "Inbox")
 * @param resolution why it was closed (solved, rejected, ...), or null
 * @param epilogue the closing summary, or null
 * @param locked a closed ticket that a reply does not reopen
 * @param rating good or bad, as the customer rated the closure, or null
 * @param ratingComment what the customer wrote with the rating, or null
 * @param timeUsedMinutes the time technicians reported with {@code #time}, in minutes
 */
public record Ticket(String number, String subject, String accountId, String contactAddress, String managerId,
                     TicketStatus status, String priority, boolean inInbox, Instant createdAt, Instant updatedAt,
                     String resolution, String epilogue, boolean locked, String rating, String ratingComment,
                     int timeUsedMinutes) {

    /** A ticket just opened: no resolution, unlocked, unrated, no time used. */
    public static Ticket opened(String number, String subject, String accountId, String contactAddress, String managerId,
                                TicketStatus status, String priority, boolean inInbox, Instant at) {
        return new Ticket(number, subject, accountId, contactAddress, managerId, status, priority, inInbox, at, at,
                null, null, false, null, null, 0);
    }

    public Ticket withManager(String id) {
        return new Ticket(number, subject, accountId, contactAddress, id, status, priority, inInbox, createdAt, updatedAt,
                resolution, epilogue, locked, rating, ratingComment, timeUsedMinutes);
    }

    public Ticket withStatus(TicketStatus s) {
        return new Ticket(number, subject, accountId, contactAddress, managerId, s, priority, inInbox, createdAt, updatedAt,
                resolution, epilogue, locked, rating, ratingComment, timeUsedMinutes);
    }

    public Ticket withPriority(String p) {
        return new Ticket(number, subject, accountId, contactAddress, managerId, status, p, inInbox, createdAt, updatedAt,
                resolution, epilogue, locked, rating, ratingComment, timeUsedMinutes);
    }

    public Ticket withInbox(boolean in) {
        return new Ticket(number, subject, accountId, contactAddress, managerId, status, priority, in, createdAt, updatedAt,
                resolution, epilogue, locked, rating, ratingComment, timeUsedMinutes);
    }

    public Ticket withClosure(String r, String e) {
        return new Ticket(number, subject, accountId, contactAddress, managerId, status, priority, inInbox, createdAt, updatedAt,
                r, e, locked, rating, ratingComment, timeUsedMinutes);
    }

    public Ticket withLocked(boolean l) {
        return new Ticket(number, subject, accountId, contactAddress, managerId, status, priority, inInbox, createdAt, updatedAt,
                resolution, epilogue, l, rating, ratingComment, timeUsedMinutes);
    }

    public Ticket withAccount(String id) {
        return new Ticket(number, subject, id, contactAddress, managerId, status, priority, inInbox, createdAt, updatedAt,
                resolution, epilogue, locked, rating, ratingComment, timeUsedMinutes);
    }

    public Ticket withTimeUsed(int minutes) {
        return new Ticket(number, subject, accountId, contactAddress, managerId, status, priority, inInbox, createdAt, updatedAt,
                resolution, epilogue, locked, rating, ratingComment, minutes);
    }

    public Ticket withRating(String r, String comment) {
        return new Ticket(number, subject, accountId, contactAddress, managerId, status, priority, inInbox, createdAt, updatedAt,
                resolution, epilogue, locked, r, comment, timeUsedMinutes);
    }

    public Ticket withUpdatedAt(Instant at) {
        return new Ticket(number, subject, accountId, contactAddress, managerId, status, priority, inInbox, createdAt, at,
                resolution, epilogue, locked, rating, ratingComment, timeUsedMinutes);
    }
}
