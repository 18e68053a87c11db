package org.ticketmail.store.mapper;

import java.time.Instant;

/** A status change (or the import) as SLA evaluation reads it; {@code status} is the status's JSON name. */
public record SlaStatusRow(String ticketNumber, Instant at, String field, String status) {
}
