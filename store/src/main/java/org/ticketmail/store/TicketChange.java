package org.ticketmail.store;

import java.util.Objects;

/**
 * A change a technician asks for with a command in a mail (DESIGN.md, "Commands"). {@link TicketWork}
 * checks each against the ticket as the commands before it left it, and the status map.
 */
public sealed interface TicketChange {
    /** {@code #assign ID}: a new manager; a {@code new} ticket becomes {@code assigned} when the status map allows it. */
    record Assign(String employeeId) implements TicketChange {
        public Assign {
            Objects.requireNonNull(employeeId, "employeeId");
        }
    }

    /** {@code #status STATUS}. */
    record SetStatus(TicketStatus status) implements TicketChange {
        public SetStatus {
            Objects.requireNonNull(status, "status");
        }
    }

    /** {@code #priority low|normal|high|urgent}. */
    record SetPriority(String priority) implements TicketChange {
        public SetPriority {
            Objects.requireNonNull(priority, "priority");
        }
    }

    /** {@code #close [RESOLUTION] [epilogue]}; either may be null. */
    record Close(String resolution, String epilogue) implements TicketChange {
    }

    /** {@code #reopen}. */
    record Reopen() implements TicketChange {
    }

    /** {@code #lock} (true) and {@code #unlock} (false). */
    record Lock(boolean locked) implements TicketChange {
    }

    /** {@code #inbox} (true) and {@code #done} (false). */
    record Inbox(boolean inInbox) implements TicketChange {
    }

    /** {@code #account ID}. */
    record MoveToAccount(String accountId) implements TicketChange {
        public MoveToAccount {
            Objects.requireNonNull(accountId, "accountId");
        }
    }

    /** {@code #add ADDRESS [to|cc|bcc]} and {@code #subscribe}. */
    record AddRecipient(Recipient recipient) implements TicketChange {
        public AddRecipient {
            Objects.requireNonNull(recipient, "recipient");
        }
    }

    /** {@code #remove ADDRESS} and {@code #unsubscribe}. */
    record RemoveRecipient(String address) implements TicketChange {
        public RemoveRecipient {
            address = Objects.requireNonNull(address, "address").trim().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code #time DURATION [text]}: a work unit of {@code minutes}. */
    record WorkUnit(int minutes, String text) implements TicketChange {
        public WorkUnit {
            if (minutes <= 0) {
                throw new IllegalArgumentException("a work unit takes at least one minute: " + minutes);
            }
        }
    }

    /**
     * {@code #schedule ...}: the ticket is done in {@code slot} by its technician, who becomes its manager (a
     * {@code new} ticket becomes {@code assigned}). The slot is planned before (free time, working hours).
     */
    record ScheduleAt(Schedule slot) implements TicketChange {
        public ScheduleAt {
            Objects.requireNonNull(slot, "slot");
        }
    }

    /** {@code #unschedule}: the ticket keeps no slot; its calendar event goes. */
    record Unschedule() implements TicketChange {
    }
}
