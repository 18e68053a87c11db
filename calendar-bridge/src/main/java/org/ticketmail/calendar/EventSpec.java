package org.ticketmail.calendar;

import java.util.List;
import java.util.Objects;

/**
 * What a ticket's event should look like on a calendar.
 *
 * @param title {@code [ticket no.] – [summary] : [account name] ([priority])}, as seed 000 writes it
 * @param description the ticket's text and its tag
 * @param span when
 * @param guests addresses invited to it (guest mode: the technician); empty for none
 * @param ticketNumber stored in the event's private extended properties, so a sync recognises it
 * @param timeZone the IANA zone the event is shown in (calendar.timezone)
 */
public record EventSpec(String title, String description, TimeSpan span, List<String> guests, String ticketNumber,
                        String timeZone) {
    public EventSpec {
        Objects.requireNonNull(title, "title");
        description = description == null ? "" : description;
        Objects.requireNonNull(span, "span");
        guests = guests == null ? List.of() : List.copyOf(guests);
        Objects.requireNonNull(ticketNumber, "ticketNumber");
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
