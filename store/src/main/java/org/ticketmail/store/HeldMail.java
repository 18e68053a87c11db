package org.ticketmail.store;

import java.time.Instant;

/**
 * A mail the gateway did not turn into ticket traffic, kept with the reason so an admin can look at it.
 *
 * @param messageId its Message-ID, or null when it has none
 * @param ticketNumber the ticket it belongs to, when the step that held it knew one; else null
 * @param size the message's size in bytes
 */
public record HeldMail(long id, Instant heldAt, String reason, String sender, String recipients, String subject, String messageId,
                       String ticketNumber, long size) {
}
