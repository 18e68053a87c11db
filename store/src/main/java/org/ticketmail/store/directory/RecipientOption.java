package org.ticketmail.store.directory;

/**
 * When an employee receives the mail the gateway distributes for a ticket (seed 002, "Recipient Options").
 * Every option but {@link #OFF} also delivers to an employee who is listed as an employee recipient
 * of the ticket; the options differ in who receives mail without being listed.
 */
public enum RecipientOption {
    /** Never, even when listed as a recipient (on vacation). */
    OFF,
    /** Every mail of every ticket. */
    ALL,
    /** Only when listed as an employee recipient of the ticket. */
    SUBSCRIBED,
    /** When listed, or when ticket manager. The default. */
    MANAGER,
    /** When listed, or when ticket manager, or when account manager of the ticket's account. */
    ACCOUNT_MANAGER
}
