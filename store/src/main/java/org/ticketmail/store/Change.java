package org.ticketmail.store;

import java.time.Instant;

/**
 * A change a ticket went through, as recorded: who made it, which field, from what to what.
 *
 * @param actor the employee id of a technician's command, or the address of the customer whose reply made it
 * @param field status, manager, priority, resolution, epilogue, locked, inbox, account, recipient, time, public
 * @param from the value before, or null
 * @param to the value after, or null
 */
public record Change(Instant at, String actor, String field, String from, String to) {
}
