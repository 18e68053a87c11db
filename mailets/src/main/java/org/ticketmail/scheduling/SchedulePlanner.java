package org.ticketmail.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.calendar.CalendarException;
import org.ticketmail.calendar.Slots;
import org.ticketmail.calendar.TimeSpan;
import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.ScheduledTicket;
import org.ticketmail.store.directory.CalendarLink;
import org.ticketmail.store.directory.Employee;

/**
 * Plans a {@code #schedule}: the technician's time is what their other scheduled tickets (with
 * calendar.minFreeMinutes between them, seed 003) and their calendar's busy periods (every event on it,
 * whoever made it: seed 003's external appointments) leave free. An explicit start is checked; {@code next}
 * finds the first free slot inside working hours. A calendar that cannot be read does not stop the
 * command: the slot is planned around the scheduled tickets alone and the reason is logged. Thread-safe.
 */
public final class SchedulePlanner {
    private static final Logger LOGGER = LoggerFactory.getLogger(SchedulePlanner.class);
    /** How far ahead busy time is read and free slots are looked for. */
    static final Duration HORIZON = Duration.ofDays(Slots.SEARCH_DAYS);
    /** How long a #schedule waits for the technician's busy time before planning without it. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(3);
    private static final DateTimeFormatter COMMAND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final CalendarSetup setup;
    private final CalendarLedger ledger;
    private final Clock clock;
    private final Slots slots;
    /** Reads busy time, so a calendar that does not answer holds a mail for {@link #BUSY_WAIT} at most. */
    private final ExecutorService busyReaders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ticketmail-busy-time");
        t.setDaemon(true);
        return t;
    });
    /** Held from planning a #schedule until the mail is recorded, so two mails cannot take one slot. */
    private final ReentrantLock planning = new ReentrantLock();

    @Inject
    public SchedulePlanner(CalendarSetup setup, CalendarLedger ledger, Clock clock) {
        this.setup = setup;
        this.ledger = ledger;
        this.clock = clock;
        this.slots = new Slots(setup.working());
    }

    public Slots slots() {
        return slots;
    }

    /**
     * Runs {@code work} (planning slots and recording the mail that takes them) while no other mail plans, so
     * two mails scheduling the same technician at once cannot both take one free slot.
     */
    public <E extends Exception> void exclusively(Work<E> work) throws E {
        planning.lock();
        try {
            work.run();
        } finally {
            planning.unlock();
        }
    }

    /** Work that may throw {@code E}. */
    @FunctionalInterface
    public interface Work<E extends Exception> {
        void run() throws E;
    }

    /**
     * The slot for a ticket's work.
     *
     * @param ticketNumber the ticket being scheduled, whose current slot does not count as busy; null for a new ticket
     * @param at the local date and time asked for (calendar.timezone), or empty for the first free slot
     * @throws IllegalArgumentException why the slot cannot be had, with the next free one
     */
    public Schedule plan(Employee technician, String ticketNumber, Optional<LocalDateTime> at, Duration length) {
        Instant now = clock.instant();
        if (at.isPresent() && !ZonedDateTime.of(at.get(), setup.working().zone()).toLocalDateTime().equals(at.get())) {
            throw new IllegalArgumentException(COMMAND.format(at.get()) + " does not exist in " + setup.working().zone()
                    + " (the clocks skip it for daylight saving time); give a time after the change");
        }
        Instant from = at.map(t -> ZonedDateTime.of(t, setup.working().zone()).toInstant()).filter(t -> t.isAfter(now)).orElse(now);
        TimeSpan window = new TimeSpan(from.minus(Duration.ofDays(1)), from.plus(HORIZON));
        List<TimeSpan> own = new ArrayList<>();
        for (ScheduledTicket t : ledger.schedules(technician.id(), window.start(), window.end())) {
            if (!t.ticketNumber().equals(ticketNumber) && !t.status().isClosed()) {
                own.add(new TimeSpan(t.schedule().start(), t.schedule().end()));
            }
        }
        Optional<TimeSpan> current = Optional.ofNullable(ticketNumber).flatMap(ledger::schedule)
                .map(s -> new TimeSpan(s.start(), s.end()));
        List<TimeSpan> external = new ArrayList<>();
        for (TimeSpan busy : busy(technician, window)) {
            // Our own events are on the calendar too: they count once, as scheduled tickets, with the gap.
            if (!own.contains(busy) && !current.filter(busy::equals).isPresent()) {
                external.add(busy);
            }
        }
        if (at.isEmpty()) {
            TimeSpan slot = slots.first(now, length, external, own).orElseThrow(() -> new IllegalArgumentException(
                    technician.id() + " has no free " + minutes(length) + " inside working hours in the next "
                            + HORIZON.toDays() + " days"));
            return schedule(technician, slot);
        }
        ZonedDateTime start = ZonedDateTime.of(at.get(), setup.working().zone());
        TimeSpan asked = TimeSpan.of(start.toInstant(), length);
        if (!asked.end().isAfter(now)) {
            throw new IllegalArgumentException(COMMAND.format(at.get()) + " is in the past (" + setup.working().zone() + ")");
        }
        Optional<String> conflict = slots.conflict(asked, external, own);
        if (conflict.isPresent()) {
            Optional<TimeSpan> next = slots.first(asked.start().isAfter(now) ? asked.start() : now, length, external, own);
            throw new IllegalArgumentException(technician.id() + " is not free then: " + conflict.get()
                    + next.map(n -> "; the next free slot is " + slots.describe(n) + ": #schedule " + technician.id() + " "
                            + COMMAND.format(n.start().atZone(setup.working().zone())) + " " + minutes(length))
                    .orElse("; there is no free slot of that length in the next " + HORIZON.toDays() + " days"));
        }
        return schedule(technician, asked);
    }

    private Schedule schedule(Employee technician, TimeSpan slot) {
        return new Schedule(technician.id(), slot.start(), slot.end(), slots.describe(slot));
    }

    /** The busy periods of the technician's Google calendar; none for iMIP technicians or when it cannot be read. */
    private List<TimeSpan> busy(Employee technician, TimeSpan window) {
        Optional<String> readable = busyCalendar(technician, setup);
        if (readable.isEmpty()) {
            return List.of();
        }
        String calendarId = readable.get();
        CompletableFuture<Map<String, List<TimeSpan>>> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return setup.google().get().busy(List.of(calendarId), window);
            } catch (CalendarException e) {
                throw new CompletionException(e);
            }
        }, busyReaders);
        try {
            return reading.get(BUSY_WAIT.toMillis(), TimeUnit.MILLISECONDS).getOrDefault(calendarId, List.of());
        } catch (TimeoutException e) {
            reading.cancel(true);
            LOGGER.warn("the busy time of {} ({}) did not come within {}s; planning around scheduled tickets only", technician.id(),
                    calendarId, BUSY_WAIT.toSeconds());
        } catch (ExecutionException e) {
            LOGGER.warn("cannot read the busy time of {} ({}); planning around scheduled tickets only: {}", technician.id(),
                    calendarId, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.of();
    }

    /**
     * The Google calendar whose free/busy is the technician's busy time: a google or guest technician's
     * {@code id}, when Google is set up; none for ical technicians or without Google.
     */
    static Optional<String> busyCalendar(Employee technician, CalendarSetup setup) {
        Optional<CalendarLink> link = technician.calendar();
        if (link.isEmpty() || link.get().mode() == CalendarLink.Mode.ICAL || setup.google().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(link.get().id());
    }

    /** {@code 90m}, as a technician writes it. */
    static String minutes(Duration length) {
        return length.toMinutes() + "m";
    }
}
