package org.ticketmail.store.mapper;

import java.time.Instant;

import org.ticketmail.store.Schedule;
import org.ticketmail.store.ScheduledTicket;
import org.ticketmail.store.TicketStatus;

/** A row of ticket_schedules joined with its ticket's status. */
public record ScheduleRow(String ticketNumber, TicketStatus status, String technicianId, Instant start, Instant end, String label) {
    public ScheduledTicket toScheduled() {
        return new ScheduledTicket(ticketNumber, status, new Schedule(technicianId, start, end, label));
    }
}
