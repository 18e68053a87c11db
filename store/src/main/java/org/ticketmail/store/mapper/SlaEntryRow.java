package org.ticketmail.store.mapper;

import java.time.Instant;

/** A history entry as SLA evaluation reads it: when, which way, public or not, from whom. */
public record SlaEntryRow(String ticketNumber, Instant at, String direction, boolean isPublic, String sender) {
}
