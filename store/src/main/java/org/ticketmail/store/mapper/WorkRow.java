package org.ticketmail.store.mapper;

import java.time.Instant;

/** A {@code #time} change as stored: the ticket's total before ({@code from}) and after ({@code to}, "75 (45 min: text)"). */
public record WorkRow(String ticketNumber, String actor, Instant at, String from, String to) {
}
