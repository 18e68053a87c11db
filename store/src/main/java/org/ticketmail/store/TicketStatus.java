package org.ticketmail.store;

/** The life cycle of a ticket as far as mail is concerned. */
public enum TicketStatus {
    NEW, OPEN, CLOSED;

    public boolean isClosed() {
        return this == CLOSED;
    }
}
