package org.ticketmail.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One mail to record in one transaction: either on an existing ticket ({@link #onTicket}) or on a new one
 * ({@link #opening}), with the recipients it adds and the state the ticket takes. Built by the named
 * factories and changed by the {@code with...} methods, which return a changed copy.
 *
 * @param ticketNumber the existing ticket, or null when {@code newTicket} describes a new one
 * @param messageKey the mail's idempotency key (its Message-ID with a digest of its body, or a digest of
 *     the whole message when it has no Message-ID): a key recorded before makes the whole intake a no-op.
 *     The entry's bare Message-ID is mapped to the ticket too, for replies that refer to it
 * @param status the status the ticket takes; empty keeps it
 * @param inbox what happens to the ticket's place in the inbox
 * @param commands a technician's commands, applied after the entry in the same transaction, all or none
 */
public record Intake(String ticketNumber, NewTicket newTicket, String messageKey, NewHistoryEntry entry,
                     List<Recipient> addRecipients, Optional<TicketStatus> status, Inbox inbox, Optional<Commands> commands,
                     Optional<Rating> rating) {

    /** A customer's rating of the closure (seed 004, "Quality assurance and feedback"): good or bad, and what they wrote. */
    public record Rating(String value, String comment) {
        public Rating {
            if (!"good".equals(value) && !"bad".equals(value)) {
                throw new IllegalArgumentException("a rating is good or bad: " + value);
            }
        }
    }

    /** What recording a mail does to the ticket's place in the inbox (seed 002, "Inbox"). */
    public enum Inbox {
        KEEP, PUT_IN, TAKE_OUT
    }

    public Intake {
        if ((ticketNumber == null) == (newTicket == null)) {
            throw new IllegalArgumentException("an intake names an existing ticket or describes a new one, not both");
        }
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(entry, "entry");
        addRecipients = addRecipients == null ? List.of() : List.copyOf(addRecipients);
        status = status == null ? Optional.empty() : status;
        Objects.requireNonNull(inbox, "inbox");
        commands = commands == null ? Optional.empty() : commands;
        rating = rating == null ? Optional.empty() : rating;
    }

    /** A mail on the existing ticket {@code number}; nothing else changes. */
    public static Intake onTicket(String number, String messageKey, NewHistoryEntry entry) {
        return new Intake(Objects.requireNonNull(number, "number"), null, messageKey, entry, List.of(), Optional.empty(), Inbox.KEEP,
                Optional.empty(), Optional.empty());
    }

    /** A mail that opens the ticket {@code ticket} describes. */
    public static Intake opening(NewTicket ticket, String messageKey, NewHistoryEntry entry) {
        return new Intake(null, Objects.requireNonNull(ticket, "ticket"), messageKey, entry, List.of(), Optional.empty(), Inbox.KEEP,
                Optional.empty(), Optional.empty());
    }

    /** This intake adding {@code recipients} (those the ticket has already are skipped). */
    public Intake withRecipients(List<Recipient> recipients) {
        return new Intake(ticketNumber, newTicket, messageKey, entry, recipients, status, inbox, commands, rating);
    }

    /** This intake setting the ticket's status. */
    public Intake withStatus(TicketStatus newStatus) {
        return new Intake(ticketNumber, newTicket, messageKey, entry, addRecipients, Optional.of(newStatus), inbox, commands, rating);
    }

    /** This intake moving the ticket into or out of the inbox. */
    public Intake withInbox(Inbox change) {
        return new Intake(ticketNumber, newTicket, messageKey, entry, addRecipients, status, change, commands, rating);
    }

    /** This intake applying a technician's commands. */
    public Intake withCommands(Commands c) {
        return new Intake(ticketNumber, newTicket, messageKey, entry, addRecipients, status, inbox, Optional.of(c), rating);
    }

    /** This intake with another entry (e.g. the same mail recorded without its refused commands). */
    public Intake withEntry(NewHistoryEntry e) {
        return new Intake(ticketNumber, newTicket, messageKey, e, addRecipients, status, inbox, Optional.empty(), rating);
    }

    /** This intake recording a customer's rating of the closure; it neither reopens the ticket nor puts it in the inbox. */
    public Intake withRating(Rating r) {
        return new Intake(ticketNumber, newTicket, messageKey, entry, addRecipients, status, inbox, commands, Optional.of(r));
    }

    public boolean opensTicket() {
        return newTicket != null;
    }

    /**
     * What a new ticket starts with.
     *
     * @param accountId the customer account, or null when the sender matched none
     * @param contactAddress the customer the ticket is for, or null
     * @param managerId the ticket manager, or null when nobody manages it
     * @param suspect why the opening mail is suspected spam, or null when it is not
     */
    public record NewTicket(String subject, String accountId, String contactAddress, String managerId, String priority, String suspect) {
        public NewTicket {
            Objects.requireNonNull(subject, "subject");
            priority = priority == null ? "normal" : priority;
        }

        public NewTicket(String subject, String accountId, String contactAddress, String managerId, String priority) {
            this(subject, accountId, contactAddress, managerId, priority, null);
        }

        /** A ticket of normal priority. */
        public static NewTicket of(String subject, String accountId, String contactAddress, String managerId) {
            return new NewTicket(subject, accountId, contactAddress, managerId, "normal");
        }

        /** This ticket marked as suspected spam, for {@code why}. */
        public NewTicket suspected(String why) {
            return new NewTicket(subject, accountId, contactAddress, managerId, priority, why);
        }
    }
}
