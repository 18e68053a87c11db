package org.ticketmail.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ticketmail.store.mapper.CalendarMapper;
import org.ticketmail.store.mapper.ScheduleRow;
import org.ticketmail.store.mapper.TicketMapper;

/**
 * What the store knows of tickets' calendars: their schedules, the events that stand for them, the
 * work queue that brings calendars in line with the store, the sync tokens, and the changes that come
 * back from a calendar (an event moved, reassigned or deleted there, an invitation answered).
 *
 * <p>A ticket change that needs a calendar write queues the ticket in the same transaction as the
 * change ({@link #enqueue(CalendarMapper, String, Instant)}): a crash cannot lose the calendar work of a
 * recorded change. Every write is one transaction and takes the ticket's row lock first, so queueing,
 * finishing and changes from the calendar side apply one after the other. Thread-safe.
 */
public final class CalendarLedger {
    /** What a calendar (or an invitation's answer) changed, to record on the ticket. */
    public record CalendarSide(Schedule expected, Schedule schedule, CalendarEventRecord event, String actor, String subject,
                               String note, boolean requeue) {
        /**
         * @param expected the ticket's schedule the change was worked out from: when the ticket's schedule is no longer
         *     that (a command changed it meanwhile), nothing is written
         * @param schedule the ticket's schedule as the calendar has it, or null when the calendar removed it
         * @param event the event record that now matches the calendar, or null to forget the event
         * @param actor who changed it, as history shows it (e.g. "calendar alice@helpdesk.test")
         * @param note what happened, in words, for the history entry
         * @param requeue whether the calendars must be written after this (e.g. to confirm a counter-proposal)
         */
        public CalendarSide {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(note, "note");
        }
    }

    private final Transactions tx;
    private final Clock clock;

    public CalendarLedger(Database database, Clock clock) {
        this.tx = new Transactions(database);
        this.clock = clock;
    }

    public Optional<Schedule> schedule(String ticketNumber) {
        return tx.read(s -> Optional.ofNullable(s.getMapper(CalendarMapper.class).schedule(ticketNumber)));
    }

    /** When the ticket's schedule last changed here (not on a calendar), if it has one. */
    public Optional<Instant> scheduleChangedAt(String ticketNumber) {
        return tx.read(s -> Optional.ofNullable(s.getMapper(CalendarMapper.class).scheduleChangedAt(ticketNumber)));
    }

    /** The schedules that end after {@code from} and start before {@code to}, of one technician (null: all), earliest first. */
    public List<ScheduledTicket> schedules(String technicianId, Instant from, Instant to) {
        return tx.read(s -> s.getMapper(CalendarMapper.class).schedules(technicianId, from, to).stream()
                .map(ScheduleRow::toScheduled).toList());
    }

    public Optional<CalendarEventRecord> event(String ticketNumber) {
        return tx.read(s -> Optional.ofNullable(s.getMapper(CalendarMapper.class).event(ticketNumber)));
    }

    /** The event record with this event id (a Google event id or an iCalendar UID). */
    public Optional<CalendarEventRecord> eventById(String eventId) {
        return tx.read(s -> s.getMapper(CalendarMapper.class).eventsById(eventId).stream().findFirst());
    }

    public List<CalendarEventRecord> events() {
        return tx.read(s -> s.getMapper(CalendarMapper.class).events());
    }

    /** Writes the ticket's event record, replacing the one it had. */
    public void saveEvent(CalendarEventRecord event) {
        tx.write(s -> {
            CalendarMapper m = s.getMapper(CalendarMapper.class);
            s.getMapper(TicketMapper.class).lockTicket(event.ticketNumber());
            m.deleteEvent(event.ticketNumber());
            m.insertEvent(event);
            return null;
        });
    }

    /** Forgets the ticket's event (it was removed from its calendar). */
    public void dropEvent(String ticketNumber) {
        tx.write(s -> {
            s.getMapper(TicketMapper.class).lockTicket(ticketNumber);
            return s.getMapper(CalendarMapper.class).deleteEvent(ticketNumber);
        });
    }

    /** Queues the ticket's calendar work, in its own transaction. */
    public void enqueue(String ticketNumber) {
        tx.write(s -> {
            s.getMapper(TicketMapper.class).lockTicket(ticketNumber);
            enqueue(s.getMapper(CalendarMapper.class), ticketNumber, clock.instant());
            return null;
        });
    }

    /** Whether the ticket's calendar work is queued. */
    public boolean pending(String ticketNumber) {
        return tx.read(s -> s.getMapper(CalendarMapper.class).jobVersion(ticketNumber) != null);
    }

    /**
     * Queues every ticket that has a schedule or an event and is not queued yet (after the directory changed
     * technicians' calendars); a ticket already waiting keeps its attempts and next try.
     */
    public int enqueueAll() {
        List<String> numbers = tx.read(s -> {
            CalendarMapper m = s.getMapper(CalendarMapper.class);
            List<String> out = new ArrayList<>();
            m.schedules(null, Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z")).forEach(r -> out.add(r.ticketNumber()));
            m.events().stream().map(CalendarEventRecord::ticketNumber).filter(n -> !out.contains(n)).forEach(out::add);
            return out;
        });
        int queued = 0;
        for (String number : numbers) {
            queued += tx.write(s -> {
                s.getMapper(TicketMapper.class).lockTicket(number);
                CalendarMapper m = s.getMapper(CalendarMapper.class);
                if (m.jobVersion(number) != null) {
                    return 0;
                }
                m.insertJob(number, clock.instant());
                return 1;
            });
        }
        return queued;
    }

    /** Queues the ticket's calendar work inside the caller's transaction, which holds the ticket's row lock. */
    static void enqueue(CalendarMapper m, String ticketNumber, Instant now) {
        if (m.requeueJob(ticketNumber, now) == 0) {
            m.insertJob(ticketNumber, now);
        }
    }

    /** Up to {@code limit} jobs due now, the longest-waiting first. */
    public List<CalendarJob> dueJobs(int limit) {
        return tx.read(s -> s.getMapper(CalendarMapper.class).dueJobs(clock.instant(), limit));
    }

    /** The queue, the next due first: the backlog the JSON view shows. */
    public List<CalendarJob> jobs(int limit) {
        return tx.read(s -> s.getMapper(CalendarMapper.class).jobs(limit));
    }

    public long backlog() {
        return tx.read(s -> s.getMapper(CalendarMapper.class).countJobs());
    }

    /** The job is done; returns false when the ticket was queued again meanwhile (the newer request stays). */
    public boolean finish(CalendarJob job) {
        return tx.write(s -> s.getMapper(CalendarMapper.class).deleteJob(job.ticketNumber(), job.version()) == 1);
    }

    /** The job failed; it is tried again at {@code due}. */
    public void fail(CalendarJob job, String error, Instant due) {
        tx.write(s -> s.getMapper(CalendarMapper.class).failJob(job.ticketNumber(), job.version(), due,
                Transactions.truncate(error, 1000)));
    }

    public Optional<SyncState> syncState(String calendarId) {
        return tx.read(s -> Optional.ofNullable(s.getMapper(CalendarMapper.class).syncState(calendarId)));
    }

    public List<SyncState> syncStates() {
        return tx.read(s -> s.getMapper(CalendarMapper.class).syncStates());
    }

    public void saveSyncState(SyncState state) {
        tx.write(s -> {
            CalendarMapper m = s.getMapper(CalendarMapper.class);
            SyncState fitted = new SyncState(state.calendarId(), state.syncToken(), state.syncedAt(),
                    Transactions.truncate(state.lastError(), 1000));
            if (m.updateSyncState(fitted) == 0) {
                m.insertSyncState(fitted);
            }
            return null;
        });
    }

    /**
     * Records on the ticket what its calendar changed: the schedule (and the manager, when the event went to
     * another technician; a {@code new} ticket becomes {@code assigned}), a history entry saying what
     * happened and who did it, and the event record that now matches the calendar. Returns the changes,
     * or empty when the ticket is gone or closed (its event's removal is queued already), or its schedule is
     * no longer the one the change was worked out from.
     */
    public Optional<List<Change>> applyFromCalendar(String ticketNumber, CalendarSide side) {
        return tx.write(s -> {
            TicketMapper tickets = s.getMapper(TicketMapper.class);
            CalendarMapper m = s.getMapper(CalendarMapper.class);
            if (tickets.lockTicket(ticketNumber) == 0) {
                return Optional.<List<Change>>empty();
            }
            Ticket ticket = tickets.ticket(ticketNumber);
            if (ticket.status().isClosed()) {
                return Optional.<List<Change>>empty();
            }
            Instant now = clock.instant();
            Schedule before = m.schedule(ticketNumber);
            if (!Objects.equals(before, side.expected())) {
                return Optional.<List<Change>>empty(); // changed here meanwhile: the newer change stands
            }
            List<Change> changes = new ArrayList<>();
            Ticket after = ticket;
            String actor = Transactions.truncate(side.actor(), 128);
            if (side.schedule() != null && !side.schedule().technicianId().equals(ticket.managerId())) {
                changes.add(new Change(now, actor, "manager", ticket.managerId(), side.schedule().technicianId()));
                after = after.withManager(side.schedule().technicianId());
                if (ticket.status() == TicketStatus.NEW) {
                    changes.add(new Change(now, actor, "status", TicketStatus.NEW.jsonName(), TicketStatus.ASSIGNED.jsonName()));
                    after = after.withStatus(TicketStatus.ASSIGNED);
                }
            }
            if (!Objects.equals(before, side.schedule())) {
                changes.add(new Change(now, actor, "schedule", before == null ? null : before.describe(),
                        side.schedule() == null ? null : side.schedule().describe()));
                m.deleteSchedule(ticketNumber);
                if (side.schedule() != null) {
                    m.insertSchedule(ticketNumber, side.schedule(), now);
                }
            }
            m.deleteEvent(ticketNumber);
            if (side.event() != null) {
                m.insertEvent(side.event());
            }
            NewHistoryEntry entry = new NewHistoryEntry(Direction.IN, false, actor, side.subject(), side.note(), side.note(), null,
                    null, List.of());
            long historyId = TicketStore.insertEntry(tickets, ticketNumber, entry, now);
            tickets.updateTicket(after.withUpdatedAt(now));
            for (Change c : changes) {
                tickets.insertChange(ticketNumber, c, historyId);
            }
            if (side.requeue()) {
                enqueue(m, ticketNumber, now);
            }
            return Optional.of(List.copyOf(changes));
        });
    }
}
