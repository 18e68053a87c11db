package org.ticketmail.calendar;

/**
 * A calendar call that failed. {@link #retryable()} tells a passing failure (unreachable, timeout, 429,
 * 5xx) from one that repeats until someone changes something (403 no access to the calendar, 404 no such
 * calendar, a bad key file). Messages name the calendar and what to do, never a token or key.
 */
public class CalendarException extends Exception {
    private final int status;
    private final boolean retryable;

    public CalendarException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** The HTTP status of the answer, or 0 when there was none. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
