package org.ticketmail.calendar;

import java.util.List;
import java.util.Map;

/**
 * A calendar service holding technicians' calendars (Google Calendar). Every call either does what it
 * says or throws; calls are idempotent, so a caller that lost an answer calls again. Implementations are
 * thread-safe.
 */
public interface CalendarPort {
    /**
     * Makes the event {@code eventId} on {@code calendarId} look like {@code spec}: creates it when it is
     * not there (a create whose answer was lost, then retried, finds it and updates it: one event).
     *
     * @param eventId chosen by the caller: 5 to 1024 characters of base32hex (a-v, 0-9)
     */
    void put(String calendarId, String eventId, EventSpec spec) throws CalendarException;

    /** Deletes the event; one already gone is not an error. */
    void remove(String calendarId, String eventId) throws CalendarException;

    /** The busy periods of each calendar inside {@code window} (free/busy: every event, whoever made it). */
    Map<String, List<TimeSpan>> busy(List<String> calendarIds, TimeSpan window) throws CalendarException;

    /**
     * The events changed since {@code syncToken}, or all events (a full sync) when it is null.
     *
     * @throws SyncTokenExpired when the token is no longer valid
     */
    ChangePage changes(String calendarId, String syncToken) throws CalendarException;
}
