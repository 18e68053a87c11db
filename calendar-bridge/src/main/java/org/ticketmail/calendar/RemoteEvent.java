package org.ticketmail.calendar;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An event as a calendar reports it in a sync.
 *
 * @param calendarId the calendar it was listed on
 * @param eventId its id
 * @param cancelled deleted (or moved away from this calendar); then {@code span} may be null
 * @param span when it is, or null when cancelled or all-day
 * @param guests the attendees' addresses, lower-cased
 * @param updated when it was last changed, by anyone
 * @param ticketNumber the ticket named in its private extended properties, or null for events nobody here created
 */
public record RemoteEvent(String calendarId, String eventId, boolean cancelled, TimeSpan span, List<String> guests,
                          Instant updated, String ticketNumber) {
    public RemoteEvent {
        Objects.requireNonNull(calendarId, "calendarId");
        Objects.requireNonNull(eventId, "eventId");
        guests = guests == null ? List.of() : List.copyOf(guests);
    }
}
