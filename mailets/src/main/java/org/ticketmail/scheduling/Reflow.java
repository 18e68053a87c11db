package org.ticketmail.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.calendar.CalendarException;
import org.ticketmail.calendar.Slots;
import org.ticketmail.calendar.TimeSpan;
import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.ScheduledTicket;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;

/**
 * Seed 003's "Calendar Reflow", on calendar.reflow.interval: each technician's scheduled tickets that have
 * not started yet are moved to match reality. A ticket still open after its slot ended today has run
 * over (one whose slot ended on an earlier day is not taken for work going on now): it is taken to last
 * until now, and the tickets after it move later, keeping calendar.minFreeMinutes between
 * them and clear of busy periods, inside working hours. Work only moves later, never earlier; a moved
 * ticket's event is rewritten by the {@link CalendarWorker}. Each move is a history entry by "reflow".
 * Thread-safe; one thread runs it.
 */
public final class Reflow {
    private static final Logger LOGGER = LoggerFactory.getLogger(Reflow.class);

    private final CalendarSetup setup;
    private final CalendarLedger ledger;
    private final DirectoryProvider directories;
    private final Clock clock;
    private final Slots slots;

    @Inject
    public Reflow(CalendarSetup setup, CalendarLedger ledger, DirectoryProvider directories, Clock clock) {
        this.setup = setup;
        this.ledger = ledger;
        this.directories = directories;
        this.clock = clock;
        this.slots = new Slots(setup.working());
    }

    /** One reflow of every technician's schedule; returns how many tickets it moved. */
    public int runOnce() {
        Instant now = clock.instant();
        Map<String, List<ScheduledTicket>> byTechnician = new LinkedHashMap<>();
        for (ScheduledTicket t : ledger.schedules(null, now.minus(Duration.ofDays(7)), now.plus(SchedulePlanner.HORIZON))) {
            if (!t.status().isClosed()) {
                byTechnician.computeIfAbsent(t.schedule().technicianId(), k -> new ArrayList<>()).add(t);
            }
        }
        Directory directory = directories.current();
        int moved = 0;
        for (Map.Entry<String, List<ScheduledTicket>> e : byTechnician.entrySet()) {
            moved += reflow(e.getKey(), e.getValue(), directory, now);
        }
        return moved;
    }

    private int reflow(String technicianId, List<ScheduledTicket> tickets, Directory directory, Instant now) {
        Instant cursor = null;
        List<TimeSpan> placed = new ArrayList<>();
        List<ScheduledTicket> upcoming = new ArrayList<>();
        java.time.ZoneId zone = setup.working().zone();
        java.time.LocalDate today = now.atZone(zone).toLocalDate();
        for (ScheduledTicket t : tickets) {
            Schedule s = t.schedule();
            if (s.start().isAfter(now)) {
                upcoming.add(t);
                continue;
            }
            if (!s.end().isAfter(now) && !s.end().atZone(zone).toLocalDate().equals(today)) {
                continue; // a slot of an earlier day left open: not work going on now
            }
            Instant end = s.end().isAfter(now) ? s.end() : now; // still open after today's slot: it runs until now at least
            cursor = cursor == null || end.isAfter(cursor) ? end : cursor;
            placed.add(new TimeSpan(s.start(), end));
        }
        if (upcoming.isEmpty() || cursor == null) {
            return 0;
        }
        List<TimeSpan> external = busy(technicianId, directory, now, tickets);
        int moved = 0;
        for (ScheduledTicket t : upcoming) {
            Schedule s = t.schedule();
            TimeSpan span = new TimeSpan(s.start(), s.end());
            // Only earlier work that ran over moves a ticket; free time around it is then found as #schedule next would.
            if (slots.conflict(span, List.of(), placed).isPresent()) {
                Optional<TimeSpan> later = slots.first(s.start(), span.length(), external, placed);
                if (later.isPresent()) {
                    span = later.get();
                    Schedule next = new Schedule(technicianId, span.start(), span.end(), slots.describe(span));
                    boolean applied = ledger.applyFromCalendar(t.ticketNumber(), new CalendarLedger.CalendarSide(s, next,
                            ledger.event(t.ticketNumber()).orElse(null), "reflow", "Reflow: schedule moved",
                            "The work before this ticket ran over, so it moved from " + s.label() + " to " + next.label() + ".",
                            true)).isPresent();
                    if (applied) {
                        moved++;
                        LOGGER.info("ticket={} reflowed from {} to {}", t.ticketNumber(), s.label(), next.label());
                    }
                } else {
                    LOGGER.warn("ticket={} collides with earlier work of {} and no later free slot was found; left at {}",
                            t.ticketNumber(), technicianId, s.label());
                }
            }
            placed.add(span);
        }
        return moved;
    }

    /** The technician's busy periods that are not their scheduled tickets. */
    private List<TimeSpan> busy(String technicianId, Directory directory, Instant now, List<ScheduledTicket> tickets) {
        Optional<String> calendarId = directory.employee(technicianId).flatMap(e -> SchedulePlanner.busyCalendar(e, setup));
        if (calendarId.isEmpty()) {
            return List.of();
        }
        List<TimeSpan> ours = tickets.stream().map(t -> new TimeSpan(t.schedule().start(), t.schedule().end())).toList();
        try {
            return setup.google().get().busy(List.of(calendarId.get()), new TimeSpan(now, now.plus(SchedulePlanner.HORIZON)))
                    .getOrDefault(calendarId.get(), List.of()).stream()
                    .filter(b -> !ours.contains(b))
                    .toList();
        } catch (CalendarException e) {
            LOGGER.warn("reflow of {}: cannot read busy time ({}); moving around scheduled tickets only", technicianId, e.getMessage());
            return List.of();
        }
    }
}
