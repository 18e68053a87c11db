package org.ticketmail.store;

import java.util.Objects;

/** A ticket's schedule, with the ticket's number and status. */
public record ScheduledTicket(String ticketNumber, TicketStatus status, Schedule schedule) {
    public ScheduledTicket {
        Objects.requireNonNull(ticketNumber, "ticketNumber");
        Objects.requireNonNull(schedule, "schedule");
    }
}
