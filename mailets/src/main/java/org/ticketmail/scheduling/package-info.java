/**
 * Scheduling tickets on technicians' calendars (issue 9, seeds 000 and 003): planning slots around busy
 * time ({@link org.ticketmail.scheduling.SchedulePlanner}), writing the events the store queued
 * ({@link org.ticketmail.scheduling.CalendarWorker}), reading back what people changed on their calendars
 * ({@link org.ticketmail.scheduling.CalendarSync}) and moving not-yet-started work to match reality
 * ({@link org.ticketmail.scheduling.Reflow}). Google calendars go through the calendar bridge's port;
 * {@code ical} technicians get iMIP invitations by mail through James.
 */
package org.ticketmail.scheduling;
