package org.ticketmail.scheduling;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.calendar.CalendarException;
import org.ticketmail.calendar.CalendarPort;
import org.ticketmail.calendar.ChangePage;
import org.ticketmail.calendar.RemoteEvent;
import org.ticketmail.calendar.Slots;
import org.ticketmail.calendar.SyncTokenExpired;
import org.ticketmail.calendar.TimeSpan;
import org.ticketmail.store.CalendarEventRecord;
import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.Change;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.SyncState;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.CalendarLink;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Seed 000's "Sync Tickets", done on calendar.sync.interval: reads what changed on every watched Google
 * calendar (each google technician's, and the support calendar when there are guest technicians) since the
 * last sync token, and applies it to the tickets whose events these are. An event moved in time
 * reschedules its ticket; moved to another technician's calendar (or, on the support calendar, given
 * another technician as guest) reassigns it; deleted unschedules it. Events nobody here created are left
 * alone (they count as busy time when planning).
 *
 * <p>The last change wins: a change made here after the calendar's (the event still to be rewritten)
 * stands, and the calendar is rewritten; a calendar change made after ours is applied. Each applied change
 * is a history entry naming the calendar, and the changes name it as actor. All calendars are read before
 * anything is applied, so an event moved between two calendars is one reassignment, not a deletion.
 * Thread-safe; one thread runs it.
 */
public final class CalendarSync {
    private static final Logger LOGGER = LoggerFactory.getLogger(CalendarSync.class);

    private final CalendarSetup setup;
    private final CalendarLedger ledger;
    private final TicketStore store;
    private final DirectoryProvider directories;
    private final Clock clock;
    private final Slots slots;

    @Inject
    public CalendarSync(CalendarSetup setup, CalendarLedger ledger, TicketStore store, DirectoryProvider directories, Clock clock) {
        this.setup = setup;
        this.ledger = ledger;
        this.store = store;
        this.directories = directories;
        this.clock = clock;
        this.slots = new Slots(setup.working());
    }

    /** The Google calendars to watch, by the directory in force. */
    Set<String> watched(Directory directory) {
        Set<String> ids = new LinkedHashSet<>();
        for (Employee e : directory.employees()) {
            if (!e.active() || !e.technician() || e.calendar().isEmpty()) {
                continue;
            }
            CalendarLink link = e.calendar().get();
            if (link.mode() == CalendarLink.Mode.GOOGLE) {
                ids.add(link.id());
            } else if (link.mode() == CalendarLink.Mode.GUEST) {
                setup.supportCalendar().ifPresent(ids::add);
            }
        }
        return ids;
    }

    /** One sync of every watched calendar; returns how many ticket changes it applied. */
    public int runOnce() {
        if (setup.google().isEmpty()) {
            return 0;
        }
        CalendarPort google = setup.google().get();
        Directory directory = directories.current();
        Map<String, ChangePage> pages = new LinkedHashMap<>();
        boolean allRead = true;
        for (String calendarId : watched(directory)) {
            Optional<SyncState> state = ledger.syncState(calendarId);
            try {
                ChangePage page;
                try {
                    page = google.changes(calendarId, state.map(SyncState::syncToken).orElse(null));
                } catch (SyncTokenExpired e) {
                    LOGGER.info("calendar {}: {}", calendarId, e.getMessage());
                    page = google.changes(calendarId, null);
                }
                pages.put(calendarId, page);
            } catch (CalendarException e) {
                allRead = false;
                LOGGER.warn("calendar {}: sync failed, tried again in {}s: {}", calendarId, setup.syncInterval().toSeconds(), e.getMessage());
                ledger.saveSyncState(new SyncState(calendarId, state.map(SyncState::syncToken).orElse(null),
                        state.map(SyncState::syncedAt).orElse(null), e.getMessage()));
            }
        }
        // Confirmed events first: an event moved between calendars is listed as cancelled on the one it left.
        List<RemoteEvent> confirmed = new ArrayList<>();
        List<RemoteEvent> cancelled = new ArrayList<>();
        pages.values().forEach(p -> p.events().forEach(e -> (e.cancelled() ? cancelled : confirmed).add(e)));
        int applied = 0;
        for (RemoteEvent e : confirmed) {
            applied += apply(e, directory) ? 1 : 0;
        }
        Set<String> unsettled = new LinkedHashSet<>();
        for (RemoteEvent e : cancelled) {
            if (allRead) {
                applied += apply(e, directory) ? 1 : 0;
            } else {
                // A calendar we could not read may be where the event went: no deletion until all are read.
                unsettled.add(e.calendarId());
            }
        }
        Instant now = clock.instant();
        pages.forEach((calendarId, page) -> {
            if (!unsettled.contains(calendarId)) {
                ledger.saveSyncState(new SyncState(calendarId, page.nextSyncToken(), now, null));
            }
        });
        return applied;
    }

    private boolean apply(RemoteEvent remote, Directory directory) {
        Optional<CalendarEventRecord> found = ledger.eventById(remote.eventId());
        if (found.isEmpty() || CalendarLink.Mode.ICAL.name().equals(found.get().mode())) {
            return false; // not ours: busy time only
        }
        CalendarEventRecord event = found.get();
        String number = event.ticketNumber();
        Optional<Schedule> current = ledger.schedule(number);
        Optional<Ticket> ticket = store.ticket(number);
        if (ticket.isEmpty() || current.isEmpty()) {
            return false; // unscheduled here: the worker removes the event
        }
        if (!event.written()) {
            return false; // a write of ours is on its way: it is newer than what the calendar shows
        }
        String actor = "calendar " + remote.calendarId();
        if (remote.cancelled() || remote.span() == null) {
            if (!remote.calendarId().equals(event.calendarId()) || !remote.cancelled()) {
                return false; // left this calendar for another one we already read, or an all-day event we cannot place
            }
            if (localIsNewer(number, remote)) {
                return false;
            }
            return record(number, new CalendarLedger.CalendarSide(current.get(), null, null, actor, "Calendar: event deleted",
                    "The event of this ticket was deleted on calendar " + remote.calendarId() + "; the ticket is no longer scheduled.",
                    false));
        }
        Employee technician = owner(remote, event, directory).orElse(null);
        if (technician == null) {
            LOGGER.info("ticket={} event {} is on calendar {}, which is no technician's; left as it is", number, remote.eventId(),
                    remote.calendarId());
            return false;
        }
        TimeSpan span = remote.span();
        boolean echo = span.start().equals(event.start()) && span.end().equals(event.end())
                && remote.calendarId().equals(event.calendarId()) && technician.id().equals(event.technicianId());
        if (echo) {
            return false; // what we wrote last, coming back
        }
        boolean moved = !span.start().equals(current.get().start()) || !span.end().equals(current.get().end());
        boolean reassigned = !technician.id().equals(current.get().technicianId());
        boolean relocated = !remote.calendarId().equals(event.calendarId());
        if (!moved && !reassigned && !relocated) {
            return false;
        }
        if (localIsNewer(number, remote)) {
            return false;
        }
        Schedule schedule = new Schedule(technician.id(), span.start(), span.end(), slots.describe(span));
        Optional<CalendarTarget> target = CalendarTarget.of(technician, setup.supportCalendar());
        // Where and when the event is now; what else it says is not known here (a title written before a priority
        // change, say), so no digest: the next calendar work of the ticket writes it whole.
        CalendarEventRecord matching = new CalendarEventRecord(number, technician.id(), target.map(t -> t.mode().name())
                .orElse(event.mode()), remote.calendarId(), remote.eventId(), 0, span.start(), span.end(), "", true, clock.instant());
        List<String> what = new ArrayList<>();
        if (moved) {
            what.add("moved to " + schedule.label());
        }
        if (reassigned) {
            what.add("given to " + technician.name() + " (" + technician.id() + "), who now manages the ticket");
        }
        String note = "On calendar " + remote.calendarId() + " the event of this ticket was " + String.join(" and ", what) + ".";
        // A technician's own calendar for a guest-mode technician, or a mode change: let the worker put it where it belongs.
        boolean requeue = target.isEmpty() || !target.get().calendarId().equals(remote.calendarId());
        return record(number, new CalendarLedger.CalendarSide(current.get(), schedule, matching, actor,
                "Calendar: event " + (moved ? "moved" : "reassigned"), note, requeue));
    }

    private boolean record(String number, CalendarLedger.CalendarSide side) {
        Optional<List<Change>> changes = ledger.applyFromCalendar(number, side);
        changes.ifPresent(c -> LOGGER.info("ticket={} changed on the calendar side: {}", number, side.note()));
        return changes.isPresent();
    }

    /** Whether the ticket's schedule changed here after the calendar's change and is still to be written. */
    private boolean localIsNewer(String number, RemoteEvent remote) {
        Optional<Instant> local = ledger.scheduleChangedAt(number);
        return ledger.pending(number) && local.isPresent() && remote.updated() != null && local.get().isAfter(remote.updated());
    }

    /** The technician the event now belongs to: the owner of its calendar, or on the support calendar its guest. */
    private Optional<Employee> owner(RemoteEvent remote, CalendarEventRecord event, Directory directory) {
        List<Employee> technicians = directory.employees().stream().filter(Employee::active).filter(Employee::technician)
                .filter(e -> e.calendar().isPresent()).toList();
        for (Employee e : technicians) {
            CalendarLink link = e.calendar().get();
            if (link.mode() == CalendarLink.Mode.GOOGLE && link.id().equals(remote.calendarId())) {
                return Optional.of(e);
            }
        }
        if (setup.supportCalendar().filter(remote.calendarId()::equals).isPresent()) {
            // The technician invited before keeps it while still a guest; otherwise the first guest technician.
            Optional<Employee> before = directory.employee(event.technicianId()).filter(e -> e.calendar()
                    .filter(l -> l.mode() == CalendarLink.Mode.GUEST && remote.guests().contains(l.id())).isPresent());
            if (before.isPresent()) {
                return before;
            }
            return technicians.stream().filter(e -> e.calendar().get().mode() == CalendarLink.Mode.GUEST
                    && remote.guests().contains(e.calendar().get().id())).findFirst()
                    .or(() -> directory.employee(event.technicianId()));
        }
        return Optional.empty();
    }
}
