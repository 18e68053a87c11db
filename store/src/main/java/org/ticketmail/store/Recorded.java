package org.ticketmail.store;

import java.util.List;

/**
 * What recording an {@link Intake} did.
 *
 * @param duplicate the message key was recorded before; nothing was written
 * @param opened a new ticket was opened
 * @param added the recipients that were not on the ticket before and now are
 * @param changes what the mail changed: a customer's reopening, a technician's commands
 */
public record Recorded(Ticket ticket, boolean duplicate, boolean opened, long historyId, List<Recipient> added, List<Change> changes) {
    public Recorded {
        added = List.copyOf(added);
        changes = List.copyOf(changes);
    }

    /** What a repeated message key found: the ticket it was recorded on; nothing written. */
    static Recorded duplicateOn(Ticket ticket) {
        return new Recorded(ticket, true, false, -1, List.of(), List.of());
    }
}
