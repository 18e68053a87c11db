/**
 * The calendar port: how scheduled tickets reach technicians' calendars (Google Calendar API, iMIP).
 * Knows nothing of James. The adapters arrive with the scheduling work; until then the gateway does not
 * touch calendars.
 */
package org.ticketmail.calendar;
