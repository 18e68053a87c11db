package org.ticketmail.store;

import java.time.Instant;

/**
 * A mail the gateway did not turn into ticket traffic, kept with the reason so an admin can look at it.
 *
 * @param messageId its Message-ID, or null when it has none
 * @param ticketNumber the ticket it belongs to, when the step that held it knew one; else null
 * @param size the message's size in bytes
 * @param releasedAt when an admin released it into the pipeline again ({@code ticketmail release ID}), or null
 */
public record HeldMail(long id, Instant heldAt, String reason, String sender, String recipients, String subject, String messageId,
                       String ticketNumber, long size, Instant releasedAt) {
    @org.apache.ibatis.annotations.AutomapConstructor
    public HeldMail {
    }

    /** A held mail not released. */
    public HeldMail(long id, Instant heldAt, String reason, String sender, String recipients, String subject, String messageId,
                    String ticketNumber, long size) {
        this(id, heldAt, reason, sender, recipients, subject, messageId, ticketNumber, size, null);
    }
}
