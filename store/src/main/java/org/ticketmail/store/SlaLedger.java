package org.ticketmail.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.ticketmail.store.mapper.SlaEntryRow;
import org.ticketmail.store.mapper.SlaMapper;
import org.ticketmail.store.mapper.SlaStatusRow;
import org.ticketmail.store.mapper.SlaTicketRow;
import org.ticketmail.store.mapper.TicketMapper;
import org.ticketmail.store.sla.Breach;
import org.ticketmail.store.sla.Timeline;

/**
 * What SLA evaluation needs of the store: tickets' timelines (times and kinds of their mails and status changes,
 * read in three queries for any number of tickets, never a body), and the warnings sent, so a breach is warned
 * of once. Every write is one transaction. Thread-safe.
 */
public final class SlaLedger {
    /** The change field an import writes: a ticket's service level is measured from that change on. */
    public static final String IMPORTED = "import";

    /** Which tickets to read. */
    public record Scope(List<String> numbers, boolean openOnly, String accountId, String managerId, Instant since) {
        public Scope {
            numbers = numbers == null ? null : List.copyOf(numbers);
        }

        public static Scope open() {
            return new Scope(null, true, null, null, null);
        }

        public static Scope ticket(String number) {
            return new Scope(List.of(number), false, null, null, null);
        }

        /** These tickets (at most {@link #MAX_NUMBERS}). */
        public static Scope tickets(java.util.Collection<String> numbers) {
            if (numbers.size() > MAX_NUMBERS) {
                throw new IllegalArgumentException("at most " + MAX_NUMBERS + " tickets at once: " + numbers.size());
            }
            return new Scope(padded(numbers), false, null, null, null);
        }

        /** Every ticket open now or updated since {@code since}. */
        public static Scope since(Instant since) {
            return new Scope(null, false, null, null, since);
        }

        /** The most tickets {@link #tickets} takes, so the statement stays small. */
        public static final int MAX_NUMBERS = 500;

        /** An account's tickets open now or updated since {@code since}. */
        public static Scope account(String accountId, Instant since) {
            return new Scope(null, false, accountId, null, since);
        }

        /** A manager's tickets open now or updated since {@code since}. */
        public static Scope manager(String managerId, Instant since) {
            return new Scope(null, false, null, managerId, since);
        }
    }

    /** The IN-list lengths statements are made with: Derby compiles a statement for each length it sees, and that costs. */
    private static final int[] LIST_LENGTHS = {1, 4, 16, 64, 256, Scope.MAX_NUMBERS};

    /**
     * {@code numbers} made as long as the next of {@link #LIST_LENGTHS} by repeating the last (a repeat in an IN list
     * changes nothing), so a few compiled statements serve every batch.
     */
    static List<String> padded(java.util.Collection<String> numbers) {
        List<String> out = new ArrayList<>(numbers);
        if (out.isEmpty()) {
            return out;
        }
        int length = out.size();
        for (int l : LIST_LENGTHS) {
            if (l >= out.size()) {
                length = l;
                break;
            }
        }
        while (out.size() < length) {
            out.add(out.get(out.size() - 1));
        }
        return List.copyOf(out);
    }

    /** A ticket and its timeline. */
    public record Timed(String number, String accountId, String managerId, TicketStatus status, Timeline timeline) {
    }

    private final Transactions tx;
    private final Clock clock;

    public SlaLedger(Database database, Clock clock) {
        this.tx = new Transactions(database);
        this.clock = clock;
    }

    /**
     * The timelines of the tickets in {@code scope}, oldest ticket first.
     *
     * @param fromGateway whether a history entry's sender is the gateway itself (its acknowledgments, alerts and
     *     warnings are neither answers nor work)
     */
    public List<Timed> timelines(Scope scope, Predicate<String> fromGateway) {
        return tx.read(s -> {
            SlaMapper m = s.getMapper(SlaMapper.class);
            List<SlaTicketRow> tickets = m.tickets(scope.numbers(), scope.openOnly(), scope.accountId(), scope.managerId(), scope.since());
            Map<String, Timeline.Builder> builders = new LinkedHashMap<>();
            for (SlaTicketRow t : tickets) {
                builders.put(t.number(), Timeline.opened(t.number(), t.createdAt(), TicketStatus.NEW));
            }
            Map<String, TicketStatus> last = new HashMap<>();
            for (SlaStatusRow c : m.statusChanges(scope.numbers(), scope.openOnly(), scope.accountId(), scope.managerId(), scope.since())) {
                Timeline.Builder b = builders.get(c.ticketNumber());
                if (b != null && IMPORTED.equals(c.field())) {
                    b.measuredFrom(c.at());
                    continue;
                }
                Optional<TicketStatus> status = TicketStatus.find(c.status());
                if (b != null && status.isPresent()) {
                    b.status(c.at(), status.get());
                    last.put(c.ticketNumber(), status.get());
                }
            }
            for (SlaEntryRow e : m.entries(scope.numbers(), scope.openOnly(), scope.accountId(), scope.managerId(), scope.since())) {
                Timeline.Builder b = builders.get(e.ticketNumber());
                if (b == null || fromGateway.test(e.sender())) {
                    continue;
                }
                if (!e.isPublic()) {
                    b.note(e.at());
                } else if (Direction.IN.name().equals(e.direction())) {
                    b.customerMail(e.at());
                } else {
                    b.answer(e.at());
                }
            }
            List<Timed> out = new ArrayList<>();
            for (SlaTicketRow t : tickets) {
                TicketStatus now = TicketStatus.valueOf(t.status());
                Timeline.Builder b = builders.get(t.number());
                // A status set without a recorded change (an import, a tool) holds from the ticket's last update.
                if (now != last.getOrDefault(t.number(), TicketStatus.NEW)) {
                    b.status(t.updatedAt(), now);
                }
                out.add(new Timed(t.number(), t.accountId(), t.managerId(), now, b.build()));
            }
            return out;
        });
    }

    /** A work unit a technician reported with {@code #time}. */
    public record WorkUnit(String ticketNumber, String employeeId, Instant at, int minutes) {
    }

    /**
     * The work units reported since {@code since}, by the employee {@code employeeId} or on tickets of {@code accountId}
     * (either may be null for any), oldest first.
     */
    public List<WorkUnit> workUnits(String employeeId, String accountId, Instant since) {
        return tx.read(s -> s.getMapper(SlaMapper.class).work(employeeId, accountId, since)).stream()
                .map(w -> new WorkUnit(w.ticketNumber(), w.actor(), w.at(), leadingNumber(w.to()) - leadingNumber(w.from())))
                .filter(w -> w.minutes() > 0).toList();
    }

    /** 75 of "75 (45 min: text)"; 0 when there is none. */
    private static int leadingNumber(String value) {
        if (value == null) {
            return 0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(\\d{1,9})").matcher(value);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The warnings of the tickets open now. */
    public List<SlaWarning> openTicketWarnings() {
        return tx.read(s -> s.getMapper(SlaMapper.class).openTicketWarnings());
    }

    /** The warnings of these tickets (at most {@link Scope#MAX_NUMBERS}). */
    public List<SlaWarning> warningsOf(java.util.Collection<String> numbers) {
        return numbers.isEmpty() ? List.of() : tx.read(s -> s.getMapper(SlaMapper.class).warningsOf(padded(numbers)));
    }

    /** The warnings of one ticket, oldest first. */
    public List<SlaWarning> warnings(String number) {
        return tx.read(s -> s.getMapper(SlaMapper.class).warnings(number));
    }

    /** Warnings noticed but not yet handed to James (the process stopped in between). */
    public List<SlaWarning> unsent() {
        return tx.read(s -> s.getMapper(SlaMapper.class).unsent());
    }

    /**
     * Records that {@code breach} is being warned of, with {@code entry} on its ticket, in one transaction; empty when it
     * was noticed before (nothing is written then).
     */
    public Optional<SlaWarning> notice(Breach breach, List<String> recipients, NewHistoryEntry entry, List<String> messageIds) {
        return tx.write(s -> {
            SlaMapper m = s.getMapper(SlaMapper.class);
            TicketMapper tickets = s.getMapper(TicketMapper.class);
            tickets.lockTicket(breach.ticketNumber());
            String kind = breach.kind().jsonName();
            if (m.countWarning(breach.ticketNumber(), kind, breach.origin()) > 0) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            long historyId = TicketStore.insertEntry(tickets, breach.ticketNumber(), entry, now);
            messageIds.forEach(id -> MessageIds.mapIfAbsent(tickets, breach.ticketNumber(), id, now));
            StringBuilder joined = new StringBuilder();
            for (String r : recipients) { // whole addresses only: a cut one could never be sent to
                if (joined.length() + r.length() + 2 > 2000) {
                    break;
                }
                joined.append(joined.length() == 0 ? "" : ", ").append(r);
            }
            String to = joined.toString();
            m.insertWarning(breach.ticketNumber(), kind, breach.origin(), now, to, historyId);
            return Optional.of(new SlaWarning(breach.ticketNumber(), kind, breach.origin(), now, to, historyId, null));
        });
    }

    /** Marks a warning handed to James. */
    public void sent(SlaWarning warning) {
        tx.write(s -> s.getMapper(SlaMapper.class).markSent(warning.ticketNumber(), warning.kind(), warning.clockStart(), clock.instant()));
    }
}
