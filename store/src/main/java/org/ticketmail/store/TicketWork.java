package org.ticketmail.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.ticketmail.store.CommandsRefused.Refusal;

/**
 * Applies the commands of one mail to a ticket, in order, each to the ticket as the ones before it left
 * it; pure (the store writes the result in the recording transaction). A command the status map, the
 * lock or the close privilege forbids is refused with its line and the reason; then none applies.
 */
public final class TicketWork {
    /**
     * What the commands did: the ticket, recipients and schedule after them, and each change.
     *
     * @param schedule the ticket's schedule after the commands, or null when it has none
     * @param scheduleChanged whether the schedule (slot or technician) differs from before
     */
    public record Result(Ticket ticket, List<Recipient> added, List<String> removed, List<Change> changes, Schedule schedule,
                         boolean scheduleChanged) {
        public Result {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changes = List.copyOf(changes);
        }
    }

    private TicketWork() {
    }

    /**
     * @throws CommandsRefused listing every refused line, when any is refused
     */
    public static Result apply(Ticket before, List<Recipient> recipients, Commands commands, Instant now) {
        return apply(before, recipients, null, commands, now);
    }

    /**
     * @param schedule the ticket's schedule before the commands, or null
     * @throws CommandsRefused listing every refused line, when any is refused
     */
    public static Result apply(Ticket before, List<Recipient> recipients, Schedule schedule, Commands commands, Instant now) {
        State s = new State(before, recipients, schedule, commands, now);
        List<Refusal> refused = new ArrayList<>();
        for (Commands.Requested r : commands.requested()) {
            String why = s.apply(r.change());
            if (why != null) {
                refused.add(new Refusal(r.line(), why));
            }
        }
        if (!refused.isEmpty()) {
            throw new CommandsRefused(refused);
        }
        return new Result(s.ticket, new ArrayList<>(s.added.values()), s.removed, s.changes, s.schedule,
                !Objects.equals(s.schedule, schedule));
    }

    private static final class State {
        private Ticket ticket;
        private final Map<String, Recipient> present = new LinkedHashMap<>();
        private final Map<String, Recipient> added = new LinkedHashMap<>();
        private final List<String> removed = new ArrayList<>();
        private final List<Change> changes = new ArrayList<>();
        private final Commands commands;
        private final Instant now;
        private Schedule schedule;

        State(Ticket ticket, List<Recipient> recipients, Schedule schedule, Commands commands, Instant now) {
            this.ticket = ticket;
            this.schedule = schedule;
            recipients.forEach(r -> present.put(r.address(), r));
            this.commands = commands;
            this.now = now;
        }

        /** Applies one change; returns why it is refused, or null. */
        String apply(TicketChange change) {
            if (ticket.status().isClosed() && ticket.locked() && !(change instanceof TicketChange.Lock l && !l.locked())) {
                return "the ticket is closed and locked; send #unlock first (and #reopen to work on it again)";
            }
            if (change instanceof TicketChange.Assign a) {
                return assign(a.employeeId());
            } else if (change instanceof TicketChange.SetStatus st) {
                if (st.status() == ticket.status()) {
                    return null;
                }
                return st.status() == TicketStatus.CLOSED ? close(null, null)
                        : st.status() == TicketStatus.REOPENED && ticket.status().isClosed() ? reopen() : status(st.status());
            } else if (change instanceof TicketChange.SetPriority p) {
                return set("priority", ticket.priority(), p.priority(), ticket.withPriority(p.priority()));
            } else if (change instanceof TicketChange.Close c) {
                return close(c.resolution(), c.epilogue());
            } else if (change instanceof TicketChange.Reopen) {
                return reopen();
            } else if (change instanceof TicketChange.Lock l) {
                return lock(l.locked());
            } else if (change instanceof TicketChange.Inbox i) {
                return set("inbox", Boolean.toString(ticket.inInbox()), Boolean.toString(i.inInbox()), ticket.withInbox(i.inInbox()));
            } else if (change instanceof TicketChange.MoveToAccount m) {
                return set("account", ticket.accountId(), m.accountId(), ticket.withAccount(m.accountId()));
            } else if (change instanceof TicketChange.AddRecipient a) {
                return add(a.recipient());
            } else if (change instanceof TicketChange.RemoveRecipient r) {
                return remove(r.address());
            } else if (change instanceof TicketChange.WorkUnit w) {
                return work(w.minutes(), w.text());
            } else if (change instanceof TicketChange.ScheduleAt at) {
                return schedule(at.slot());
            } else if (change instanceof TicketChange.Unschedule) {
                return unschedule();
            }
            throw new IllegalArgumentException("unknown change " + change);
        }

        private String assign(String employeeId) {
            set("manager", ticket.managerId(), employeeId, ticket.withManager(employeeId));
            if (schedule != null && !schedule.technicianId().equals(employeeId)) {
                // The scheduled work goes with the ticket (seed 000: reassigning moves the event to the new technician).
                reschedule(schedule.withTechnician(employeeId));
            }
            if (ticket.status() == TicketStatus.NEW && commands.map().allows(TicketStatus.NEW, TicketStatus.ASSIGNED)) {
                set("status", TicketStatus.NEW.jsonName(), TicketStatus.ASSIGNED.jsonName(), ticket.withStatus(TicketStatus.ASSIGNED));
            }
            return null;
        }

        private String status(TicketStatus to) {
            if (to == ticket.status()) {
                return null;
            }
            if (!commands.map().allows(ticket.status(), to)) {
                return "the status map does not allow " + ticket.status().jsonName() + " → " + to.jsonName() + "; from "
                        + ticket.status().jsonName() + " a ticket may go to " + commands.map().nextNames(ticket.status());
            }
            if (to == TicketStatus.REOPENED && ticket.locked()) {
                return "the ticket is locked; send #unlock first";
            }
            set("status", ticket.status().jsonName(), to.jsonName(), ticket.withStatus(to));
            return null;
        }

        private String close(String resolution, String epilogue) {
            if (!commands.mayCloseAny() && !commands.actorId().equals(ticket.managerId())) {
                return "only the ticket's manager (" + (ticket.managerId() == null ? "nobody yet; #assign one" : ticket.managerId())
                        + ") or an employee with closeAnyTicket: true may close it";
            }
            if (ticket.status() != TicketStatus.CLOSED) {
                String why = status(TicketStatus.CLOSED);
                if (why != null) {
                    return why;
                }
            }
            set("resolution", ticket.resolution(), resolution, ticket.withClosure(resolution, ticket.epilogue()));
            set("epilogue", ticket.epilogue(), epilogue, ticket.withClosure(ticket.resolution(), epilogue));
            set("inbox", Boolean.toString(ticket.inInbox()), "false", ticket.withInbox(false));
            if (schedule != null) {
                reschedule(null); // a closed ticket is not worked on: its slot and event go
            }
            return null;
        }

        private String schedule(Schedule slot) {
            if (ticket.status().isClosed()) {
                return "the ticket is " + ticket.status().jsonName() + "; #reopen it before scheduling it";
            }
            String why = assign(slot.technicianId());
            if (why != null) {
                return why;
            }
            reschedule(slot);
            return null;
        }

        private String unschedule() {
            if (schedule == null) {
                return "the ticket is not scheduled";
            }
            reschedule(null);
            return null;
        }

        private void reschedule(Schedule next) {
            if (!Objects.equals(schedule, next)) {
                record("schedule", schedule == null ? null : schedule.describe(), next == null ? null : next.describe());
                schedule = next;
            }
        }

        private String reopen() {
            if (!ticket.status().isClosed()) {
                return "the ticket is " + ticket.status().jsonName() + ", not closed; only a closed ticket can be reopened";
            }
            String why = status(TicketStatus.REOPENED);
            if (why != null) {
                return why;
            }
            set("resolution", ticket.resolution(), null, ticket.withClosure(null, ticket.epilogue()));
            set("epilogue", ticket.epilogue(), null, ticket.withClosure(ticket.resolution(), null));
            return null;
        }

        private String lock(boolean locked) {
            if (locked && !ticket.status().isClosed()) {
                return "only a closed ticket can be locked; it is " + ticket.status().jsonName() + " (close it first: #close, then #lock)";
            }
            set("locked", Boolean.toString(ticket.locked()), Boolean.toString(locked), ticket.withLocked(locked));
            return null;
        }

        private String add(Recipient r) {
            Recipient there = present.get(r.address());
            if (there != null && there.equals(r)) {
                return null;
            }
            if (there != null) {
                removeQuietly(r.address());
            }
            present.put(r.address(), r);
            added.put(r.address(), r);
            record("recipient", there == null ? null : describe(there), describe(r));
            return null;
        }

        private String remove(String address) {
            Recipient there = present.get(address);
            if (there == null) {
                return address + " is not a recipient of the ticket; its recipients are "
                        + (present.isEmpty() ? "none" : String.join(", ", present.keySet()));
            }
            removeQuietly(address);
            record("recipient", describe(there), null);
            return null;
        }

        private void removeQuietly(String address) {
            present.remove(address);
            if (added.remove(address) == null) {
                removed.add(address);
            }
        }

        private String work(int minutes, String text) {
            int total = ticket.timeUsedMinutes() + minutes;
            String to = total + (text == null || text.isBlank() ? "" : " (" + minutes + " min: " + text.strip() + ")");
            set("time", Integer.toString(ticket.timeUsedMinutes()), to, ticket.withTimeUsed(total));
            return null;
        }

        /** Moves to {@code next} and records the change when the value differs. */
        private String set(String field, String from, String to, Ticket next) {
            if (!Objects.equals(from, to)) {
                record(field, from, to);
            }
            ticket = next;
            return null;
        }

        private void record(String field, String from, String to) {
            changes.add(new Change(now, commands.actorId(), field, from, to));
        }

        private static String describe(Recipient r) {
            return r.isEmployee() ? r.address() + " (employee " + r.employeeId() + ")" : r.address() + " (" + r.kind().jsonName() + ")";
        }
    }
}
