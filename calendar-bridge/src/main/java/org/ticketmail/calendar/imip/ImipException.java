package org.ticketmail.calendar.imip;

/**
 * An iCalendar text that cannot be read as an attendee's answer: not iCalendar, or missing what an iTIP answer
 * must hold. The message says in one line what is wrong, for the mail's error record.
 */
public final class ImipException extends Exception {
    public ImipException(String message) {
        super(message);
    }

    public ImipException(String message, Throwable cause) {
        super(message, cause);
    }
}
