package org.ticketmail.store;

import java.time.Instant;

/**
 * A ticket whose calendar event has to be brought in line with the store, and how trying went so far.
 *
 * @param version rises with every new request for the ticket; finishing an older version leaves a newer queued
 * @param lastError why the last attempt failed, or null
 */
public record CalendarJob(String ticketNumber, int version, Instant queuedAt, Instant dueAt, int attempts, String lastError) {
}
