package org.ticketmail.calendar;

/** The calendar no longer knows the sync token (HTTP 410): the caller starts again with a full sync. */
public final class SyncTokenExpired extends CalendarException {
    public SyncTokenExpired(String calendarId) {
        super("the sync token of calendar " + calendarId + " expired; a full sync follows", 410, true, null);
    }
}
