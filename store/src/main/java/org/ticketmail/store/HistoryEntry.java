package org.ticketmail.store;

import java.time.Instant;

/**
 * One mail in a ticket's history.
 *
 * @param text the reply text as recorded (quoted text stripped)
 * @param note what the gateway noted while recording (e.g. that stripping was undone), or null
 * @param messageId the mail's Message-ID, or null
 */
public record HistoryEntry(long id, String ticketNumber, Instant at, Direction direction, boolean isPublic,
                           String sender, String subject, String text, String note, String messageId) {
}
