/**
 * The calendar port on Google Calendar: {@link org.ticketmail.calendar.google.GoogleCalendar}, set up by
 * {@link org.ticketmail.calendar.google.GoogleSettings} with a service account key or an OAuth refresh token
 * from {@code conf/}. Tests run it against {@code FakeGoogleCalendar} (this module's test-jar), a Calendar v3
 * server on a local port.
 */
package org.ticketmail.calendar.google;
