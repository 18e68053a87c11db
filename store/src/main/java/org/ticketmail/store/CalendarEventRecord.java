package org.ticketmail.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The event that stands for a scheduled ticket on a calendar, as last written there, or about to be
 * ({@code written} false: the write was decided and may or may not have reached the calendar; writing it
 * again is safe because event ids are chosen here).
 *
 * @param mode GOOGLE, GUEST or ICAL (conf/directory.yaml's calendar modes)
 * @param calendarId the Google calendar (GOOGLE, GUEST), or the attendee's address (ICAL)
 * @param eventId the Google event id, or the iCalendar UID (ICAL)
 * @param sequence the iCalendar SEQUENCE last sent (ICAL); 0 otherwise
 * @param specDigest a digest of everything written (title, text, times, guests), to tell whether it changed
 */
public record CalendarEventRecord(String ticketNumber, String technicianId, String mode, String calendarId, String eventId,
                                  int sequence, Instant start, Instant end, String specDigest, boolean written,
                                  Instant writtenAt) {
    public CalendarEventRecord {
        Objects.requireNonNull(ticketNumber, "ticketNumber");
        Objects.requireNonNull(technicianId, "technicianId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(calendarId, "calendarId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(specDigest, "specDigest");
    }

    /** This record as written to the calendar at {@code at}. */
    public CalendarEventRecord writtenAt(Instant at) {
        return new CalendarEventRecord(ticketNumber, technicianId, mode, calendarId, eventId, sequence, start, end, specDigest,
                true, at);
    }
}
