package org.ticketmail.mailets;

/**
 * The rule that tied a mail to its ticket, recorded with its history entry ({@code threading} in the JSON view).
 */
public enum Threading {
    /** The ticket tag in the subject named a ticket the sender may write to. */
    SUBJECT("subject"),
    /** {@code In-Reply-To} or {@code References} named a Message-ID the gateway sent, and its signature verified. */
    SIGNED_REFERENCE("signed-reference"),
    /**
     * A verified employee's mail named, in {@code In-Reply-To} or {@code References}, a mail recorded on the ticket: a
     * technician answering a customer mail they were sent directly (the customer Cc'd them).
     */
    EMPLOYEE_REFERENCE("employee-reference"),
    /** Nothing named a ticket: the mail opened a new one. */
    NEW_TICKET("new-ticket"),
    /** A number or a reference named a ticket, but was not accepted (see the entry's note): the mail opened a new ticket. */
    REFUSED("refused");

    private final String value;

    Threading(String value) {
        this.value = value;
    }

    /** As stored and shown: {@code signed-reference}. */
    public String value() {
        return value;
    }
}
