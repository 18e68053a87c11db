package org.ticketmail.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.calendar.CalendarException;
import org.ticketmail.calendar.CalendarPort;
import org.ticketmail.calendar.EventSpec;
import org.ticketmail.calendar.Slots;
import org.ticketmail.calendar.imip.Imip;
import org.ticketmail.calendar.imip.Invitation;
import org.ticketmail.mailets.Addresses;
import org.ticketmail.mailets.Gateway;
import org.ticketmail.mailets.InvitationMail;
import org.ticketmail.store.CalendarEventRecord;
import org.ticketmail.store.CalendarJob;
import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.CalendarLink;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Brings calendars in line with the store, one queued ticket at a time: the event of a scheduled ticket is
 * on its technician's calendar with the ticket's title and slot, and nowhere else; an unscheduled or closed
 * ticket has none. Google technicians' events are written through the {@link CalendarPort}; {@code ical}
 * technicians get an iMIP REQUEST (or CANCEL) by mail, SEQUENCE rising with each change.
 *
 * <p>Before writing, the changes made on Google calendars since the last sync are taken in, so a newer
 * change made there is not overwritten. Every step survives being killed: the event record (with the
 * event id chosen here) is written before the calendar call, so a retry writes the same event again
 * instead of a second one; the job is finished only after the calendar took the change. A failing calendar leaves the job queued with its error, tried
 * again after a wait that doubles up to {@link CalendarSetup#MAX_RETRY}. Thread-safe; one worker thread
 * runs it.
 */
public final class CalendarWorker {
    private static final Logger LOGGER = LoggerFactory.getLogger(CalendarWorker.class);
    private static final int BATCH = 50;

    private final CalendarSetup setup;
    private final CalendarLedger ledger;
    private final TicketStore store;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private final MailetContext mailetContext;
    private final CalendarSync sync;
    private final Clock clock;
    private final Slots slots;

    @Inject
    public CalendarWorker(CalendarSetup setup, CalendarLedger ledger, TicketStore store, DirectoryProvider directories,
                          Gateway gateway, MailetContext mailetContext, CalendarSync sync, Clock clock) {
        this.setup = setup;
        this.ledger = ledger;
        this.store = store;
        this.directories = directories;
        this.gateway = gateway;
        this.mailetContext = mailetContext;
        this.sync = sync;
        this.clock = clock;
        this.slots = new Slots(setup.working());
    }

    /** Works off the jobs that are due; returns how many were finished. */
    public int runDue() {
        List<CalendarJob> due = ledger.dueJobs(BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        if (setup.google().isPresent()) {
            // What people changed on their calendars since the last sync is taken in first, so writing the store's
            // state does not overwrite a newer change made there (the last change wins, whichever side made it).
            try {
                sync.runOnce();
            } catch (RuntimeException e) {
                LOGGER.warn("calendar sync before writing failed; writing anyway", e);
            }
        }
        int finished = 0;
        for (CalendarJob job : due) {
            try {
                reconcile(job.ticketNumber());
                if (ledger.finish(job)) {
                    finished++;
                }
            } catch (CalendarException e) {
                Duration wait = e.retryable() ? setup.retryAfter(job.attempts()) : CalendarSetup.MAX_RETRY;
                ledger.fail(job, e.getMessage(), clock.instant().plus(wait));
                LOGGER.warn("ticket={} calendar write failed (attempt {}), next try in {}s: {}", job.ticketNumber(), job.attempts() + 1,
                        wait.toSeconds(), e.getMessage());
            } catch (MessagingException | RuntimeException e) {
                Duration wait = setup.retryAfter(job.attempts());
                ledger.fail(job, e.toString(), clock.instant().plus(wait));
                LOGGER.warn("ticket={} calendar work failed (attempt {}), next try in {}s", job.ticketNumber(), job.attempts() + 1,
                        wait.toSeconds(), e);
            }
        }
        return finished;
    }

    /** Makes the ticket's calendars match its schedule. */
    void reconcile(String number) throws CalendarException, MessagingException {
        Optional<Ticket> ticket = store.ticket(number);
        Directory directory = directories.current();
        Optional<Schedule> schedule = ticket.filter(t -> !t.status().isClosed()).flatMap(t -> ledger.schedule(number));
        Optional<Employee> technician = schedule.flatMap(s -> directory.employee(s.technicianId())).filter(Employee::active);
        Optional<CalendarTarget> target;
        try {
            target = technician.flatMap(t -> CalendarTarget.of(t, setup.supportCalendar()));
        } catch (IllegalStateException e) {
            throw new CalendarException(e.getMessage(), 0, false, null);
        }
        Optional<CalendarEventRecord> event = ledger.event(number);
        if (event.isPresent() && (target.isEmpty() || !event.get().mode().equals(target.get().mode().name())
                || !event.get().calendarId().equals(target.get().calendarId()))) {
            remove(event.get(), ticket.orElse(null), directory);
            ledger.dropEvent(number);
            LOGGER.info("ticket={} calendar event {} removed from {}", number, event.get().eventId(), event.get().calendarId());
            event = Optional.empty();
        }
        if (target.isEmpty()) {
            return;
        }
        EventSpec spec = EventSpecs.of(gateway, directory, ticket.get(), store.firstText(number).orElse(""), schedule.get(),
                target.get(), setup.working().zone().getId());
        String digest = EventSpecs.digest(spec, target.get());
        if (event.isPresent() && event.get().written() && event.get().specDigest().equals(digest)) {
            return;
        }
        Instant now = clock.instant();
        CalendarEventRecord intended = event.map(e -> new CalendarEventRecord(number, technician.get().id(), e.mode(), e.calendarId(),
                        e.eventId(), target.get().google() ? 0 : e.sequence() + 1, spec.span().start(), spec.span().end(), digest, false,
                        e.writtenAt()))
                .orElseGet(() -> new CalendarEventRecord(number, technician.get().id(), target.get().mode().name(),
                        target.get().calendarId(), newEventId(number, target.get()), 0, spec.span().start(), spec.span().end(), digest,
                        false, null));
        ledger.saveEvent(intended); // before the call: a retry after a crash writes this same event id again
        if (target.get().google()) {
            google().put(intended.calendarId(), intended.eventId(), spec);
        } else {
            invite(ticket.get(), technician.get(), intended, spec, "REQUEST");
        }
        ledger.saveEvent(intended.writtenAt(now));
        LOGGER.info("ticket={} calendar event {} written to {} ({} {})", number, intended.eventId(), intended.calendarId(),
                target.get().mode().name().toLowerCase(java.util.Locale.ROOT), spec.span().start());
    }

    private void remove(CalendarEventRecord event, Ticket ticket, Directory directory) throws CalendarException, MessagingException {
        if (!CalendarLink.Mode.ICAL.name().equals(event.mode())) {
            google().remove(event.calendarId(), event.eventId());
            return;
        }
        // Even a record never marked written: its REQUEST may have reached James' spool before a crash. A CANCEL
        // for a UID the technician never got is harmless.
        Employee technician = directory.employee(event.technicianId()).orElse(null);
        EventSpec spec = new EventSpec(ticket == null ? event.ticketNumber() : ticket.number() + " – " + ticket.subject(), "",
                new org.ticketmail.calendar.TimeSpan(event.start(), event.end()), List.of(), event.ticketNumber(),
                setup.working().zone().getId());
        CalendarEventRecord cancelled = new CalendarEventRecord(event.ticketNumber(), event.technicianId(), event.mode(),
                event.calendarId(), event.eventId(), event.sequence() + 1, event.start(), event.end(), event.specDigest(), false,
                event.writtenAt());
        invite(ticket, technician, cancelled, spec, "CANCEL");
    }

    private CalendarPort google() throws CalendarException {
        return setup.google().orElseThrow(() -> new CalendarException("Google Calendar is not set up: calendar.google.credentials"
                + " is empty in conf/ticketmail.properties, but a technician's calendar mode is google or guest", 0, false, null));
    }

    /** Mails the technician an iMIP REQUEST or CANCEL for the event. */
    private void invite(Ticket ticket, Employee technician, CalendarEventRecord event, EventSpec spec, String method)
            throws MessagingException {
        String name = technician == null ? event.calendarId() : technician.name();
        Invitation invitation = new Invitation(event.eventId(), event.sequence(), gateway.supportAddress(), gateway.supportName(),
                event.calendarId(), name, spec.title(), spec.description(), spec.span(), clock.instant());
        String ical = "CANCEL".equals(method) ? Imip.cancel(invitation) : Imip.request(invitation);
        String number = event.ticketNumber();
        String slot = slots.describe(spec.span());
        String subject = ("CANCEL".equals(method) ? "Cancelled: " : "Invitation: ") + slot + ": "
                + (ticket == null ? number : ticket.subject());
        String summary = ("CANCEL".equals(method)
                ? "The work on " + gateway.tag().format(number) + " is no longer scheduled for you.\n"
                : "You are scheduled for " + gateway.tag().format(number) + ": " + spec.title() + "\n"
                        + slot + "\n\n" + spec.description() + "\n")
                + "\n" + gateway.supportName();
        MimeMessage message = InvitationMail.compose(gateway, number, Addresses.named(event.calendarId(), name), subject, summary, method,
                ical);
        mailetContext.sendMail(new MailAddress(gateway.supportAddress()), List.of(new MailAddress(event.calendarId())), message,
                "relay");
        LOGGER.info("ticket={} iMIP {} sequence {} mailed to {}", number, method, event.sequence(),
                ticket == null ? event.calendarId() : event.calendarId());
    }

    /** A Google event id (base32hex, chosen here so a retried insert finds its event) or an iCalendar UID. */
    private String newEventId(String number, CalendarTarget target) {
        String unique = Long.toString(clock.millis(), 32) + Long.toString(UUID.randomUUID().getLeastSignificantBits() & 0xffffffL, 32);
        if (target.google()) {
            return "tm" + java.util.HexFormat.of().formatHex(number.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "v" + unique;
        }
        String domain = gateway.supportAddress().substring(gateway.supportAddress().indexOf('@') + 1);
        return "ticketmail-" + number + "-" + unique + "@" + domain;
    }
}
