package org.ticketmail.store;

import java.time.Instant;

/**
 * One mail in a ticket's history.
 *
 * @param text the reply text as recorded (quoted text stripped)
 * @param note what the gateway noted while recording (e.g. that stripping was undone), or null
 * @param messageId the mail's Message-ID, or null
 * @param threading the rule that tied the mail to its ticket ({@code subject}, {@code signed-reference},
 *     {@code employee-reference}, {@code new-ticket}, {@code refused}); null for what the gateway wrote itself
 */
public record HistoryEntry(long id, String ticketNumber, Instant at, Direction direction, boolean isPublic,
                           String sender, String subject, String text, String note, String messageId, String threading) {
    @org.apache.ibatis.annotations.AutomapConstructor
    public HistoryEntry {
    }

    /** An entry without a threading rule (one the gateway wrote itself). */
    public HistoryEntry(long id, String ticketNumber, Instant at, Direction direction, boolean isPublic,
                        String sender, String subject, String text, String note, String messageId) {
        this(id, ticketNumber, at, direction, isPublic, sender, subject, text, note, messageId, null);
    }
}
