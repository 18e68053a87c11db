/**
 * The calendar port: how scheduled tickets reach technicians' calendars and how their calendars answer.
 * {@link org.ticketmail.calendar.CalendarPort} is what the gateway calls (Google Calendar in
 * {@code .google}); {@code .imip} writes and reads iTIP/iMIP invitations (RFC 5545/5546/6047) for
 * calendars reached by mail; {@link org.ticketmail.calendar.Slots} finds free time inside working hours.
 * Knows nothing of James and holds no tables: the store keeps what was scheduled and what is pending.
 */
package org.ticketmail.calendar;
