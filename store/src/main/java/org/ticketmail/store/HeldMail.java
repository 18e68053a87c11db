package org.ticketmail.store;

import java.time.Instant;

/** A mail the gateway did not turn into ticket traffic, kept with the reason so an admin can look at it. */
public record HeldMail(long id, Instant heldAt, String reason, String sender, String recipients, String subject) {
}
