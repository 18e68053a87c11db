package org.ticketmail.store;

import java.util.List;
import java.util.Objects;

/**
 * One mail to record in one transaction: either on an existing ticket ({@code ticketNumber}) or on a new
 * one ({@code newTicket}), with the recipients it adds and the state the ticket takes.
 *
 * @param messageKey the mail's idempotency key (its Message-ID with a digest of its body, or a digest of
 *     the whole message when it has no Message-ID): a key recorded before makes the whole intake a no-op.
 *     The entry's bare Message-ID is mapped to the ticket too, for replies that refer to it
 * @param status the status the ticket takes, or null to keep it
 * @param inInbox whether the ticket is in the inbox afterwards, or null to keep it
 */
public record Intake(String ticketNumber, NewTicket newTicket, String messageKey, NewHistoryEntry entry,
                     List<Recipient> addRecipients, TicketStatus status, Boolean inInbox) {
    public Intake {
        if ((ticketNumber == null) == (newTicket == null)) {
            throw new IllegalArgumentException("an intake names an existing ticket or describes a new one, not both");
        }
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(entry, "entry");
        addRecipients = addRecipients == null ? List.of() : List.copyOf(addRecipients);
    }

    /** What a new ticket starts with. */
    public record NewTicket(String subject, String accountId, String contactAddress, String managerId,
                            String priority) {
    }
}
