package org.ticketmail.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.calendar.Slots;
import org.ticketmail.calendar.imip.Answer;
import org.ticketmail.calendar.imip.Imip;
import org.ticketmail.calendar.imip.ImipException;
import org.ticketmail.scheduling.CalendarSetup;
import org.ticketmail.store.CalendarEventRecord;
import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.directory.CalendarLink;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Pipeline step 2a: an {@code ical} technician's answer to an invitation (an iMIP REPLY or COUNTER, RFC
 * 5546/6047, as Outlook, Apple Calendar, Thunderbird or Gmail send it when the technician clicks accept,
 * decline or propose new time) is applied to the ticket whose event it answers, found by the UID: accepted
 * (or tentative) is noted in the history; declined unschedules the ticket; a counter-proposal moves it to
 * the proposed time and a new invitation confirms it. The answer must come from the invited technician
 * and be verified like commands (IdentifySender); then it goes no further, since it is no mail for the
 * ticket's recipients. Anything else (no calendar part, unknown UID, a REPLY to an older SEQUENCE) passes
 * on as ordinary mail. Takes no parameters.
 */
public class ReadCalendarReply extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReadCalendarReply.class);
    private static final int MAX_ICAL = 1 << 20;

    private final CalendarLedger ledger;
    private final DirectoryProvider directories;
    private final CalendarSetup setup;
    private final Slots slots;

    @Inject
    public ReadCalendarReply(CalendarLedger ledger, DirectoryProvider directories, CalendarSetup setup) {
        this.ledger = ledger;
        this.directories = directories;
        this.setup = setup;
        this.slots = new Slots(setup.working());
    }

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (TicketAttributes.senderKind(mail, step()) != SenderKind.EMPLOYEE
                || IdentifySender.UNVERIFIED.equals(TicketAttributes.require(mail, TicketAttributes.VERIFIED, step()))) {
            return;
        }
        Optional<String> ical;
        try {
            ical = calendarPart(mail.getMessage(), 0);
        } catch (IOException | RuntimeException e) {
            return; // unreadable: the ordinary steps note what they could not read
        }
        if (ical.isEmpty()) {
            return;
        }
        Answer answer;
        try {
            answer = Imip.read(ical.get(), setup.working().zone());
        } catch (ImipException e) {
            LOGGER.info("message-id={} has a calendar part that is no invitation answer ({}): an ordinary mail", messageId(mail),
                    e.getMessage());
            return;
        }
        Optional<CalendarEventRecord> event = ledger.eventById(answer.uid())
                .filter(e -> CalendarLink.Mode.ICAL.name().equals(e.mode()));
        Directory directory = TicketAttributes.directory(mail, directories, step());
        Employee sender = TicketAttributes.employee(mail, directory, step());
        if (event.isEmpty() || !event.get().technicianId().equals(sender.id())
                || !event.get().calendarId().equalsIgnoreCase(answer.attendeeAddress())) {
            LOGGER.info("message-id={} answers invitation {} that is not {}'s current one: an ordinary mail", messageId(mail),
                    answer.uid(), sender.id());
            return;
        }
        String number = event.get().ticketNumber();
        Optional<Schedule> schedule = ledger.schedule(number);
        if (schedule.isEmpty()) {
            return;
        }
        String actor = "calendar " + answer.attendeeAddress();
        String method = answer.method().toUpperCase(Locale.ROOT);
        String partStat = answer.partStat() == null ? "" : answer.partStat().toUpperCase(Locale.ROOT);
        String comment = answer.comment() == null || answer.comment().isBlank() ? "" : " They wrote: " + answer.comment().strip();
        CalendarLedger.CalendarSide side;
        if ("COUNTER".equals(method) && answer.proposed() != null) {
            Schedule proposed = new Schedule(sender.id(), answer.proposed().start(), answer.proposed().end(),
                    slots.describe(answer.proposed()));
            side = new CalendarLedger.CalendarSide(proposed, event.get(), actor, "Calendar: new time proposed",
                    sender.name() + " proposed " + proposed.label() + " instead of " + schedule.get().label()
                            + "; the ticket moved there and a new invitation confirms it." + comment, true);
        } else if ("REPLY".equals(method) && answer.sequence() < event.get().sequence()) {
            LOGGER.info("ticket={} message-id={} answers an older version (sequence {} < {}) of the invitation; ignored", number,
                    messageId(mail), answer.sequence(), event.get().sequence());
            mail.setState(Mail.GHOST);
            return;
        } else if ("REPLY".equals(method) && "DECLINED".equals(partStat)) {
            side = new CalendarLedger.CalendarSide(null, null, actor, "Calendar: invitation declined",
                    sender.name() + " declined " + schedule.get().label() + "; the ticket is no longer scheduled." + comment, false);
        } else if ("REPLY".equals(method)) {
            side = new CalendarLedger.CalendarSide(schedule.get(), event.get(), actor, "Calendar: invitation " + partStat.toLowerCase(Locale.ROOT),
                    sender.name() + " answered the invitation for " + schedule.get().label() + ": "
                            + (partStat.isEmpty() ? "no answer given" : partStat.toLowerCase(Locale.ROOT)) + "." + comment, false);
        } else {
            return;
        }
        ledger.applyFromCalendar(number, side);
        LOGGER.info("ticket={} message-id={} iMIP {} {} from {} applied", number, messageId(mail), method, partStat, sender.id());
        mail.setState(Mail.GHOST);
    }

    /** The first text/calendar (or .ics) part, decoded. */
    private static Optional<String> calendarPart(Part part, int depth) throws MessagingException, IOException {
        if (depth > 10) {
            return Optional.empty();
        }
        ContentType type = new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType());
        if (type.match("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    Optional<String> found = calendarPart(multipart.getBodyPart(i), depth + 1);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        }
        String name = part.getFileName() == null ? "" : part.getFileName().toLowerCase(Locale.ROOT);
        if (!type.match("text/calendar") && !type.match("application/ics") && !name.endsWith(".ics")) {
            return Optional.empty();
        }
        Charset charset = StandardCharsets.UTF_8;
        try {
            if (type.getParameter("charset") != null) {
                charset = Charset.forName(type.getParameter("charset"));
            }
        } catch (RuntimeException e) {
            // an unknown charset: UTF-8, which iCalendar defaults to
        }
        try (InputStream in = part.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_ICAL);
            return Optional.of(new String(bytes, charset));
        }
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: apply a technician's answer to a calendar invitation";
    }
}
