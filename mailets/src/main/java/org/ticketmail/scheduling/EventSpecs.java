package org.ticketmail.scheduling;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.ticketmail.calendar.EventSpec;
import org.ticketmail.calendar.TimeSpan;
import org.ticketmail.mailets.Gateway;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.directory.Directory;

/**
 * What a scheduled ticket's event says: the title seed 000 gives,
 * {@code [ticket no.] – [summary] : [account name] ([priority])}, and a description with the ticket's
 * opening text and its tag, so whoever opens the event can write on the ticket. Pure.
 */
final class EventSpecs {
    private static final int MAX_TEXT = 4000;

    private EventSpecs() {
    }

    static EventSpec of(Gateway gateway, Directory directory, Ticket ticket, String openingText, Schedule schedule,
                        CalendarTarget target, String timeZone) {
        String account = directory.account(ticket.accountId()).map(a -> a.name())
                .orElse(ticket.contactAddress() == null ? "no account" : ticket.contactAddress());
        String title = ticket.number() + " – " + ticket.subject() + " : " + account + " (" + ticket.priority() + ")";
        String text = openingText == null ? "" : openingText.strip();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT) + " …";
        }
        String description = (text.isEmpty() ? "" : text + "\n\n") + gateway.tag().format(ticket.number())
                + "\nWrite to " + gateway.supportAddress() + " with " + gateway.tag().format(ticket.number())
                + " in the subject to add to the ticket.";
        return new EventSpec(title, description, new TimeSpan(schedule.start(), schedule.end()), target.guests(), ticket.number(),
                timeZone);
    }

    /** A digest of everything written to the calendar, to tell whether the event has to be written again. */
    static String digest(EventSpec spec, CalendarTarget target) {
        String all = String.join("\u0000", target.mode().name(), target.calendarId(), spec.title(), spec.description(),
                spec.span().start().toString(), spec.span().end().toString(), String.join(",", spec.guests()), spec.timeZone());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
