package org.ticketmail.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
import org.ticketmail.calendar.TimeSpan;
import org.ticketmail.calendar.imip.Answer;
import org.ticketmail.calendar.imip.Imip;
import org.ticketmail.calendar.imip.ImipException;
import org.ticketmail.scheduling.CalendarSetup;
import org.ticketmail.store.CalendarEventRecord;
import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.HeldMails;
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
 * the proposed time (when the technician is free then; else the current invitation is sent again) and a
 * new invitation confirms it; an answer to an older SEQUENCE changes nothing. Each is a history entry. The
 * answer must come from the invited technician and be verified like commands (IdentifySender). An answer
 * is no mail for the ticket's recipients: it goes no further, and one that answers no current invitation
 * is held with the reason (GET /api/held). Mail without an iMIP REPLY or COUNTER passes on as ordinary
 * mail. Takes no parameters.
 */
public class ReadCalendarReply extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReadCalendarReply.class);
    private static final int MAX_ICAL = 1 << 20;

    private final CalendarLedger ledger;
    private final HeldMails held;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private final CalendarSetup setup;
    private final Slots slots;

    @Inject
    public ReadCalendarReply(CalendarLedger ledger, HeldMails held, DirectoryProvider directories, Gateway gateway, CalendarSetup setup) {
        this.ledger = ledger;
        this.held = held;
        this.directories = directories;
        this.gateway = gateway;
        this.setup = setup;
        this.slots = new Slots(setup.working());
    }

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
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
            LOGGER.debug("message-id={} has a calendar part that is no invitation answer ({}): an ordinary mail", messageId(mail),
                    e.getMessage());
            return;
        }
        String method = answer.method().toUpperCase(Locale.ROOT);
        if (!"REPLY".equals(method) && !"COUNTER".equals(method)) {
            return; // an invitation the technician forwards, say: ordinary mail
        }
        Optional<CalendarEventRecord> event = ledger.eventById(answer.uid())
                .filter(e -> CalendarLink.Mode.ICAL.name().equals(e.mode()));
        Directory directory = TicketAttributes.directory(mail, directories, step());
        Employee sender = TicketAttributes.employee(mail, directory, step());
        Optional<Schedule> schedule = event.flatMap(e -> ledger.schedule(e.ticketNumber()));
        if (event.isEmpty() || schedule.isEmpty() || !event.get().technicianId().equals(sender.id())
                || !event.get().calendarId().equalsIgnoreCase(answer.attendeeAddress())) {
            // Not for any ticket's current invitation of this technician: kept, never sent on to a ticket's customers.
            String reason = "an answer (" + method + ") to calendar invitation " + answer.uid() + ", which is no current invitation of "
                    + sender.id() + "; nothing changed";
            long id = held.hold(reason, mail.getMaybeSender().asString(), String.join(", ", gateway.supportAddresses()),
                    MailHeaders.subject(mail.getMessage()), MailHeaders.bytes(mail.getMessage()));
            MailLog.end(LOGGER, mail, messageId(mail), "held", "held=" + id + " reason=" + reason);
            mail.setState(Mail.GHOST);
            return;
        }
        String number = event.get().ticketNumber();
        Schedule current = schedule.get();
        String actor = "calendar " + answer.attendeeAddress();
        String partStat = answer.partStat() == null ? "" : answer.partStat().toUpperCase(Locale.ROOT);
        String comment = answer.comment() == null || answer.comment().isBlank() ? "" : " They wrote: " + answer.comment().strip();
        CalendarLedger.CalendarSide side;
        if (answer.sequence() < event.get().sequence()) {
            side = new CalendarLedger.CalendarSide(current, current, event.get(), actor, "Calendar: answer to an older invitation",
                    sender.name() + " answered an older version of the invitation (" + method + " " + partStat.toLowerCase(Locale.ROOT)
                            + ", sequence " + answer.sequence() + "; the current one is " + event.get().sequence()
                            + " for " + current.label() + "); nothing changed." + comment, false);
        } else if ("COUNTER".equals(method) && answer.proposed() != null) {
            side = counter(number, sender, current, event.get(), answer, actor, comment);
        } else if ("COUNTER".equals(method)) {
            side = new CalendarLedger.CalendarSide(current, current, event.get(), actor, "Calendar: counter-proposal without a time",
                    sender.name() + " proposed a change of " + current.label() + " but gave no time; nothing changed." + comment, false);
        } else if ("DECLINED".equals(partStat)) {
            side = new CalendarLedger.CalendarSide(current, null, null, actor, "Calendar: invitation declined",
                    sender.name() + " declined " + current.label() + "; the ticket is no longer scheduled." + comment, false);
        } else {
            side = new CalendarLedger.CalendarSide(current, current, event.get(), actor,
                    "Calendar: invitation " + (partStat.isEmpty() ? "answered" : partStat.toLowerCase(Locale.ROOT)),
                    sender.name() + " answered the invitation for " + current.label() + ": "
                            + (partStat.isEmpty() ? "no answer given" : partStat.toLowerCase(Locale.ROOT)) + "." + comment, false);
        }
        boolean applied = ledger.applyFromCalendar(number, side).isPresent();
        MailLog.decide(mail, "calendar-answer");
        LOGGER.debug("ticket={} message-id={} iMIP {} {} from {} {}", number, messageId(mail), method, partStat, sender.id(),
                applied ? "applied" : "not applied: the ticket changed meanwhile");
        mail.setState(Mail.GHOST);
    }

    /**
     * A proposed new time: taken when the technician is free then (their other tickets, with the gap), and
     * confirmed by a new invitation; refused otherwise, and the invitation for the current time is sent again.
     */
    private CalendarLedger.CalendarSide counter(String number, Employee sender, Schedule current, CalendarEventRecord event,
                                                Answer answer, String actor, String comment) {
        TimeSpan proposed = answer.proposed();
        List<TimeSpan> own = ledger.schedules(sender.id(), proposed.start().minus(Duration.ofDays(1)), proposed.end().plus(Duration.ofDays(1)))
                .stream().filter(t -> !t.ticketNumber().equals(number) && !t.status().isClosed())
                .map(t -> new TimeSpan(t.schedule().start(), t.schedule().end())).toList();
        Optional<String> conflict = slots.conflict(proposed, List.of(), own);
        if (conflict.isPresent()) {
            CalendarEventRecord resend = new CalendarEventRecord(event.ticketNumber(), event.technicianId(), event.mode(),
                    event.calendarId(), event.eventId(), event.sequence(), event.start(), event.end(), event.specDigest(), false,
                    event.writtenAt());
            return new CalendarLedger.CalendarSide(current, current, resend, actor, "Calendar: new time refused",
                    sender.name() + " proposed " + slots.describe(proposed) + ", but " + conflict.get() + "; the ticket stays at "
                            + current.label() + " and the invitation for it is sent again." + comment, true);
        }
        Schedule moved = new Schedule(sender.id(), proposed.start(), proposed.end(), slots.describe(proposed));
        return new CalendarLedger.CalendarSide(current, moved, event, actor, "Calendar: new time proposed",
                sender.name() + " proposed " + moved.label() + " instead of " + current.label()
                        + "; the ticket moved there and a new invitation confirms it." + comment, true);
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
