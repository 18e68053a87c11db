package org.ticketmail.calendar.imip;

import java.io.IOException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.DateTime;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyList;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Duration;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import org.ticketmail.calendar.TimeSpan;

/**
 * iMIP (RFC 6047) for calendars reached by mail: writes the iTIP (RFC 5546) REQUEST and CANCEL of an
 * {@link Invitation}, and reads an attendee's REPLY or COUNTER into an {@link Answer}. The iCalendar (RFC 5545)
 * model is ical4j's.
 *
 * <p>Written text has CRLF line ends and is folded at 75 octets of UTF-8, never inside a character: the
 * {@code text/calendar} part that carries it declares {@code charset=UTF-8}. (ical4j's own outputter folds
 * at 73 or 75 <em>characters</em>, so a line with umlauts could exceed 75 octets; hence the folding here.) Times
 * are written in UTC.
 *
 * <p>Reading accepts what Outlook, Apple Calendar, Google Calendar and Thunderbird send: times in UTC, floating,
 * or with a TZID defined by a VTIMEZONE in the text (Outlook's "W. Europe Standard Time") or naming an IANA
 * zone. See {@link CalendarReader} for how, and why not with ical4j's own dates.
 *
 * <p>Needs none of ical4j's global settings and changes none (no compatibility hints, no system properties), so
 * it works the same without an {@code ical4j.properties}. In particular it sets no
 * {@code net.fortuna.ical4j.timezone.cache.impl}: ical4j 3.2.19 already falls back to its map cache when that is
 * unset (older 3.x needed JCache), and nothing here asks ical4j's zone registry, so its zone loader, cache and
 * tzurl.org updater never run.
 *
 * <p>Pure functions; thread-safe.
 */
public final class Imip {
    public static final String PRODID = "-//ticketmail//ticketmail//EN";

    /** RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
    private static final int MAX_LINE_OCTETS = 75;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd");

    private Imip() {
    }

    /**
     * The METHOD:REQUEST calendar inviting the attendee: sent first with SEQUENCE 0, and again with a raised
     * SEQUENCE whenever the event changes.
     */
    public static String request(Invitation invitation) {
        return write(Method.REQUEST, event(invitation, Status.VEVENT_CONFIRMED, true));
    }

    /** The METHOD:CANCEL calendar withdrawing the event; the caller has raised SEQUENCE above the last request's. */
    public static String cancel(Invitation invitation) {
        return write(Method.CANCEL, event(invitation, Status.VEVENT_CANCELLED, false));
    }

    /** {@link #read(String, ZoneId)} reading floating times in the system's default zone. */
    public static Answer read(String icalendarText) throws ImipException {
        return read(icalendarText, ZoneId.systemDefault());
    }

    /**
     * The answer in an attendee's iTIP message: who (the first ATTENDEE, the one answering), how (PARTSTAT), and
     * for a COUNTER the times proposed (DTSTART with DTEND or DURATION). Only the first VEVENT is read.
     *
     * @param defaultZone the zone of floating times (no TZID, no Z), e.g. calendar.timezone
     * @throws ImipException when the text is not iCalendar, or has no METHOD, VEVENT, UID or ATTENDEE, or a
     *     COUNTER's times cannot be read
     */
    public static Answer read(String icalendarText, ZoneId defaultZone) throws ImipException {
        Objects.requireNonNull(defaultZone, "defaultZone");
        CalendarReader reader = parse(icalendarText);
        Calendar calendar = reader.calendar();
        if (calendar == null) {
            throw new ImipException("not iCalendar: no VCALENDAR in the text");
        }
        Method method = calendar.getProperty(Property.METHOD);
        if (method == null || method.getValue() == null || method.getValue().isBlank()) {
            throw new ImipException("the iCalendar text has no METHOD; an answer to an invitation says METHOD:REPLY"
                    + " or METHOD:COUNTER");
        }
        String methodName = method.getValue().strip().toUpperCase(Locale.ROOT);
        VEvent event = calendar.getComponent(Component.VEVENT);
        if (event == null) {
            throw new ImipException("the iCalendar text (METHOD:" + methodName + ") holds no VEVENT");
        }
        Uid uid = event.getUid();
        if (uid == null || uid.getValue() == null || uid.getValue().isBlank()) {
            throw new ImipException("the VEVENT (METHOD:" + methodName + ") has no UID, so it answers no invitation");
        }
        Attendee attendee = event.getProperty(Property.ATTENDEE);
        if (attendee == null) {
            throw new ImipException("the VEVENT of UID " + uid.getValue() + " has no ATTENDEE, so nobody answers");
        }
        Sequence sequence = event.getSequence();
        if (sequence != null && sequence.getSequenceNo() < 0) {
            throw new ImipException("the VEVENT of UID " + uid.getValue() + " has a negative SEQUENCE "
                    + sequence.getSequenceNo());
        }
        Parameter partStat = attendee.getParameter(Parameter.PARTSTAT);
        TimeSpan proposed = "COUNTER".equals(methodName) ? proposed(reader, event, defaultZone) : null;
        return new Answer(methodName, uid.getValue().strip(), sequence == null ? 0 : sequence.getSequenceNo(),
                address(attendee), partStat == null ? null : partStat.getValue().toUpperCase(Locale.ROOT), proposed,
                comment(event));
    }

    /** The event; the attendee is asked to answer ({@code rsvp}) in a request, merely told in a cancel. */
    private static VEvent event(Invitation invitation, Status status, boolean rsvp) {
        VEvent event = new VEvent(false); // true would add a DTSTAMP of now
        PropertyList<Property> p = event.getProperties();
        p.add(new Uid(invitation.uid()));
        p.add(new Sequence(invitation.sequence()));
        p.add(new DtStamp(utc(invitation.stamp())));
        p.add(new DtStart(utc(invitation.span().start())));
        p.add(new DtEnd(utc(invitation.span().end())));
        p.add(new Summary(invitation.title()));
        p.add(new Description(invitation.description()));
        Organizer organizer = new Organizer(mailto(invitation.organizerAddress()));
        if (invitation.organizerName() != null) {
            organizer.getParameters().add(new Cn(invitation.organizerName()));
        }
        p.add(organizer);
        p.add(attendee(invitation, rsvp));
        p.add(status);
        p.add(Transp.OPAQUE);
        return event;
    }

    private static Attendee attendee(Invitation invitation, boolean rsvp) {
        Attendee attendee = new Attendee(mailto(invitation.attendeeAddress()));
        if (invitation.attendeeName() != null) {
            attendee.getParameters().add(new Cn(invitation.attendeeName()));
        }
        attendee.getParameters().add(Role.REQ_PARTICIPANT);
        if (rsvp) {
            attendee.getParameters().add(PartStat.NEEDS_ACTION);
            attendee.getParameters().add(Rsvp.TRUE);
        }
        return attendee;
    }

    private static String write(Method method, VEvent event) {
        Calendar calendar = new Calendar();
        calendar.getProperties().add(new ProdId(PRODID));
        calendar.getProperties().add(Version.VERSION_2_0);
        calendar.getProperties().add(method);
        calendar.getComponents().add(event);
        // toString() is what ical4j's CalendarOutputter writes before it folds: unfolded lines ending in CRLF.
        return fold(calendar.toString());
    }

    /** {@code unfolded}'s lines, each cut into lines of at most 75 octets of UTF-8, continued after CRLF SPACE. */
    private static String fold(String unfolded) {
        StringBuilder out = new StringBuilder(unfolded.length() + unfolded.length() / 24);
        for (String line : unfolded.split("\r\n")) {
            int octets = 0;
            for (int i = 0; i < line.length(); i += Character.charCount(line.codePointAt(i))) {
                int codePoint = line.codePointAt(i);
                int length = utf8Length(codePoint);
                if (octets + length > MAX_LINE_OCTETS) {
                    out.append("\r\n ");
                    octets = 1;
                }
                out.appendCodePoint(codePoint);
                octets += length;
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static DateTime utc(Instant instant) {
        DateTime time = new DateTime(instant.truncatedTo(ChronoUnit.SECONDS).toEpochMilli());
        time.setUtc(true);
        return time;
    }

    private static URI mailto(String address) {
        return URI.create("mailto:" + address);
    }

    private static CalendarReader parse(String text) throws ImipException {
        if (text == null || text.isBlank()) {
            throw new ImipException("not iCalendar: the text is empty");
        }
        String firstLine = text.strip().replace("\uFEFF", "").lines().findFirst().orElse("").strip();
        if (!firstLine.equalsIgnoreCase("BEGIN:VCALENDAR")) {
            throw new ImipException("not iCalendar: it starts with '" + shortened(firstLine)
                    + "' instead of BEGIN:VCALENDAR");
        }
        try {
            return CalendarReader.parse(text.replace("\uFEFF", ""));
        } catch (ParserException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            throw new ImipException("unreadable iCalendar at line " + e.getLineNo() + ": "
                    + shortened(message.substring(message.indexOf(':') + 1).strip()), e);
        } catch (IOException | RuntimeException e) {
            throw new ImipException("unreadable iCalendar: " + shortened(e.toString()), e);
        }
    }

    /** The answering attendee's address: lower-cased, without mailto:; an EMAIL parameter when it is no mailto. */
    private static String address(Attendee attendee) throws ImipException {
        String value = attendee.getValue() == null ? "" : attendee.getValue().strip();
        String address = null;
        if (value.regionMatches(true, 0, "mailto:", 0, 7)) {
            address = value.substring(7).strip();
        } else if (attendee.getParameter(Parameter.EMAIL) != null) {
            address = attendee.getParameter(Parameter.EMAIL).getValue().strip();
        }
        if (address == null || address.isEmpty() || !address.contains("@")) {
            throw new ImipException("the ATTENDEE '" + shortened(value) + "' is no mailto: address");
        }
        return address.toLowerCase(Locale.ROOT);
    }

    private static String comment(VEvent event) {
        Property comment = event.getProperty(Property.COMMENT);
        return comment == null || comment.getValue() == null || comment.getValue().isBlank() ? null
                : comment.getValue().strip();
    }

    /** A COUNTER's times: DTSTART, and DTEND or DURATION (RFC 5546 3.2.7). */
    private static TimeSpan proposed(CalendarReader reader, VEvent event, ZoneId defaultZone) throws ImipException {
        CalendarReader.Written start = reader.firstEvent(Property.DTSTART).orElseThrow(
                () -> new ImipException("the COUNTER proposes no DTSTART"));
        ZonedDateTime from = time(start, reader.calendar(), defaultZone);
        Optional<CalendarReader.Written> end = reader.firstEvent(Property.DTEND);
        Duration duration = event.getProperty(Property.DURATION);
        ZonedDateTime to;
        if (end.isPresent()) {
            to = time(end.get(), reader.calendar(), defaultZone);
        } else if (duration != null) {
            to = from.plus(duration.getDuration());
        } else {
            throw new ImipException(
                    "the COUNTER proposes DTSTART " + start.value() + " but neither DTEND nor DURATION");
        }
        if (!to.isAfter(from)) {
            throw new ImipException("the COUNTER proposes an end " + to.toInstant() + " not after its start "
                    + from.toInstant());
        }
        return new TimeSpan(from.toInstant(), to.toInstant());
    }

    /**
     * The moment a DTSTART or DTEND means: UTC when it ends in Z; with a TZID, in the VTIMEZONE of that TZID in
     * the text, else in the IANA zone of that name; floating, in {@code defaultZone}. A DATE is the start of the
     * day. A local time skipped in spring moves forward by the gap; one that happens twice is the earlier, as
     * {@link ZonedDateTime#of} does.
     */
    private static ZonedDateTime time(CalendarReader.Written written, Calendar calendar, ZoneId defaultZone)
            throws ImipException {
        String value = written.value();
        boolean utc = value.endsWith("Z") || value.endsWith("z");
        LocalDateTime local;
        try {
            local = utc ? LocalDateTime.parse(value.substring(0, value.length() - 1), LOCAL)
                    : written.date() || value.length() == 8 ? LocalDate.parse(value, DATE).atStartOfDay()
                    : LocalDateTime.parse(value, LOCAL);
        } catch (DateTimeException e) {
            throw new ImipException("the " + written.name() + " '" + shortened(value)
                    + "' is not a time such as 20261201T140000Z, 20261201T140000 or 20261201", e);
        }
        if (utc) {
            return local.atZone(ZoneOffset.UTC);
        }
        if (written.tzid() == null) {
            return ZonedDateTime.of(local, defaultZone);
        }
        Optional<VTimeZone> defined = calendar.<VTimeZone>getComponents(Component.VTIMEZONE).stream()
                .filter(z -> z.getTimeZoneId() != null && written.tzid().equals(z.getTimeZoneId().getValue()))
                .findFirst();
        try {
            if (defined.isPresent()) {
                return instant(local, new TimeZone(defined.get())).atZone(ZoneOffset.UTC);
            }
            return ZonedDateTime.of(local, ZoneId.of(written.tzid()));
        } catch (RuntimeException e) {
            throw new ImipException("the " + written.name() + " of TZID '" + shortened(written.tzid()) + "' cannot be"
                    + " read: " + (defined.isPresent() ? "its VTIMEZONE is unusable (" + e.getMessage() + ")"
                    : "the text defines no such VTIMEZONE and it is no IANA zone"), e);
        }
    }

    /**
     * The instant of {@code local} in the zone a VTIMEZONE defines, resolved as {@link ZonedDateTime#of} resolves
     * it: in a gap the offset before it applies (the time moves forward by the gap), in an overlap the earlier
     * instant. Offsets change at most once within a day of {@code local}.
     */
    private static Instant instant(LocalDateTime local, java.util.TimeZone zone) {
        long asUtc = local.toInstant(ZoneOffset.UTC).toEpochMilli();
        long day = 86_400_000L;
        int before = zone.getOffset(asUtc - day);
        int after = zone.getOffset(asUtc + day);
        boolean beforeFits = zone.getOffset(asUtc - before) == before;
        boolean afterFits = zone.getOffset(asUtc - after) == after;
        int offset;
        if (beforeFits && afterFits) {
            offset = Math.max(before, after); // an overlap (or no change): the earlier instant
        } else if (beforeFits || afterFits) {
            offset = beforeFits ? before : after;
        } else {
            offset = before; // a gap
        }
        return Instant.ofEpochMilli(asUtc - offset);
    }

    private static String shortened(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
