package org.ticketmail.store;

import java.util.List;
import java.util.Objects;

/**
 * A mail to add to a ticket's history.
 *
 * @param original the message as received (RFC 5322 bytes), kept so the original can always be opened
 * @param threading the rule that tied the mail to its ticket (see {@link HistoryEntry#threading()}), or null
 */
public record NewHistoryEntry(Direction direction, boolean isPublic, String sender, String subject, String text,
                              String note, String messageId, byte[] original, List<Attachment> attachments, String threading) {
    /** An entry the gateway writes itself: no threading rule. */
    public NewHistoryEntry(Direction direction, boolean isPublic, String sender, String subject, String text,
                           String note, String messageId, byte[] original, List<Attachment> attachments) {
        this(direction, isPublic, sender, subject, text, note, messageId, original, attachments, null);
    }

    public NewHistoryEntry {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(sender, "sender");
        text = text == null ? "" : text;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
