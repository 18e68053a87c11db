package org.ticketmail.store;

import java.util.List;

/**
 * What recording an {@link Intake} did.
 *
 * @param duplicate the message key was recorded before; nothing was written
 * @param opened a new ticket was opened
 * @param added the recipients that were not on the ticket before and now are
 */
public record Recorded(Ticket ticket, boolean duplicate, boolean opened, long historyId, List<Recipient> added) {
}
