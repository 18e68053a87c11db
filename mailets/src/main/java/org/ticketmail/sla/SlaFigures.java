package org.ticketmail.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.ticketmail.mailets.Gateway;
import org.ticketmail.store.SlaLedger;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.sla.Breach;
import org.ticketmail.store.sla.SlaBook;
import org.ticketmail.store.sla.SlaClock;
import org.ticketmail.store.sla.SlaTerms;

/**
 * The compliance figures of seed 004 ("Ticket SLA evaluation"): per ticket, the share of its open time it spent
 * within its service level and its breaches; per account and per technician (the tickets they manage), the same over
 * the last day, 15 days and 30 days. Worked out from the history on each call (the levels as conf/sla.yaml has them
 * now). Thread-safe.
 */
public final class SlaFigures {
    /** The periods the figures cover, by name: the last day, 15 days, 30 days. */
    public static final Map<String, Duration> WINDOWS = windows();

    private final SlaLedger ledger;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private final Supplier<SlaBook> books;
    private final Clock clock;

    public SlaFigures(SlaLedger ledger, DirectoryProvider directories, Gateway gateway, Supplier<SlaBook> books, Clock clock) {
        this.ledger = ledger;
        this.directories = directories;
        this.gateway = gateway;
        this.books = books;
        this.clock = clock;
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> w = new LinkedHashMap<>();
        w.put("1d", Duration.ofDays(1));
        w.put("15d", Duration.ofDays(15));
        w.put("30d", Duration.ofDays(30));
        return java.util.Collections.unmodifiableMap(w);
    }

    /**
     * One ticket against its level.
     *
     * @param compliance the share of its open time within the level, empty when it was never open
     * @param waitingSince when the customer's unanswered mail came, if one waits
     * @param responseDue when that mail's response time runs out, if it waits and the clock runs
     */
    public record TicketFigures(String number, String sla, Optional<Double> compliance, List<Breach> breaches,
                                Optional<Instant> waitingSince, Optional<Instant> responseDue) {
    }

    /** A period's figures: tickets open in it, the share of their open time within their level, breaches begun in it. */
    public record Window(int tickets, Optional<Double> compliance, int breaches) {
    }

    /**
     * An account's or a technician's figures.
     *
     * @param openTickets the tickets of it open now (with a service level)
     * @param windows by name, as {@link #WINDOWS}
     * @param minutesWorked by window name: the {@code #time} work units reported in it (by the technician, or on the
     *     account's tickets, whatever their service level)
     */
    public record Report(String id, int openTickets, Map<String, Window> windows, List<TicketFigures> tickets,
                         Map<String, Integer> minutesWorked) {
    }

    /** The directory in force, whose accounts and employees the figures are asked for. */
    public Directory directory() {
        return directories.current();
    }

    /** Whether any service level is defined (conf/sla.yaml). */
    public boolean defined() {
        return !books.get().slas().isEmpty();
    }

    public Optional<TicketFigures> ticket(String number) {
        SlaBook book = books.get();
        Instant now = clock.instant();
        Directory directory = directories.current();
        return ledger.timelines(SlaLedger.Scope.ticket(number), s -> SlaWatch.fromGateway(gateway, s)).stream().findFirst()
                .flatMap(t -> SlaWatch.termsOf(t.accountId(), book, directory).map(terms -> figures(t, terms, book, now)));
    }

    /** The figures of an account's tickets. */
    public Report account(String accountId) {
        Instant now = clock.instant();
        return report(accountId, ledger.timelines(SlaLedger.Scope.account(accountId, now.minus(Duration.ofDays(30))),
                s -> SlaWatch.fromGateway(gateway, s)), now, ledger.workUnits(null, accountId, now.minus(Duration.ofDays(30))));
    }

    /** The figures of every account with tickets open now or in the last 30 days, by account id, read in one go. */
    public Map<String, Report> accounts() {
        return grouped(SlaLedger.Timed::accountId, (w, ticketOwner) -> ticketOwner.get(w.ticketNumber()));
    }

    /**
     * The figures of every technician with tickets they manage, open now or in the last 30 days, or with work units
     * reported then, by employee id, read in one go.
     */
    public Map<String, Report> employees() {
        return grouped(SlaLedger.Timed::managerId, (w, ticketOwner) -> w.employeeId());
    }

    /**
     * Reports over the tickets open now or in the last 30 days, grouped by {@code key} (tickets without one are left out),
     * with the work units each group's {@code workKey} names (from the unit and the ticket-to-group map).
     */
    private Map<String, Report> grouped(java.util.function.Function<SlaLedger.Timed, String> key,
                                        java.util.function.BiFunction<SlaLedger.WorkUnit, Map<String, String>, String> workKey) {
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofDays(30));
        Map<String, List<SlaLedger.Timed>> groups = new LinkedHashMap<>();
        Map<String, String> groupOf = new java.util.HashMap<>();
        for (SlaLedger.Timed t : ledger.timelines(SlaLedger.Scope.since(since), s -> SlaWatch.fromGateway(gateway, s))) {
            String k = key.apply(t);
            if (k != null) {
                groups.computeIfAbsent(k, g -> new ArrayList<>()).add(t);
                groupOf.put(t.number(), k);
            }
        }
        Map<String, List<SlaLedger.WorkUnit>> work = new LinkedHashMap<>();
        for (SlaLedger.WorkUnit w : ledger.workUnits(null, null, since)) {
            String k = workKey.apply(w, groupOf);
            if (k != null) {
                work.computeIfAbsent(k, g -> new ArrayList<>()).add(w);
                groups.putIfAbsent(k, new ArrayList<>());
            }
        }
        Map<String, Report> out = new LinkedHashMap<>();
        groups.forEach((id, timed) -> out.put(id, report(id, timed, now, work.getOrDefault(id, List.of()))));
        return out;
    }

    /** The figures of the tickets a technician manages now. */
    public Report employee(String employeeId) {
        Instant now = clock.instant();
        return report(employeeId, ledger.timelines(SlaLedger.Scope.manager(employeeId, now.minus(Duration.ofDays(30))),
                s -> SlaWatch.fromGateway(gateway, s)), now, ledger.workUnits(employeeId, null, now.minus(Duration.ofDays(30))));
    }

    /** A breach going on now, with the manager of its ticket (null when nobody manages it). */
    public record Ongoing(Breach breach, String managerId) {
    }

    /** The breaches going on now, over every open ticket, oldest first. */
    public List<Ongoing> ongoing() {
        SlaBook book = books.get();
        if (book.slas().isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Directory directory = directories.current();
        List<Ongoing> out = new ArrayList<>();
        for (SlaLedger.Timed t : ledger.timelines(SlaLedger.Scope.open(), s -> SlaWatch.fromGateway(gateway, s))) {
            Optional<SlaTerms> terms = SlaWatch.termsOf(t.accountId(), book, directory);
            if (terms.isPresent()) {
                new SlaClock(t.timeline(), terms.get(), book.hours(terms.get()), now).breaches().stream().filter(Breach::ongoing)
                        .forEach(b -> out.add(new Ongoing(b, t.managerId())));
            }
        }
        out.sort(java.util.Comparator.comparing(o -> o.breach().start()));
        return out;
    }

    private Report report(String id, List<SlaLedger.Timed> timed, Instant now, List<SlaLedger.WorkUnit> work) {
        SlaBook book = books.get();
        Directory directory = directories.current();
        Map<String, SlaClock.Exposure> exposure = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>(); // tickets, breaches
        WINDOWS.keySet().forEach(w -> {
            exposure.put(w, SlaClock.Exposure.NONE);
            counts.put(w, new int[2]);
        });
        List<TicketFigures> tickets = new ArrayList<>();
        int open = 0;
        for (SlaLedger.Timed t : timed) {
            Optional<SlaTerms> terms = SlaWatch.termsOf(t.accountId(), book, directory);
            if (terms.isEmpty()) {
                continue;
            }
            SlaClock sla = new SlaClock(t.timeline(), terms.get(), book.hours(terms.get()), now);
            List<Breach> breaches = sla.breaches();
            for (Map.Entry<String, Duration> w : WINDOWS.entrySet()) {
                Instant from = now.minus(w.getValue());
                SlaClock.Exposure e = sla.exposure(breaches, from, now);
                if (!e.open().isZero()) {
                    exposure.put(w.getKey(), exposure.get(w.getKey()).plus(e));
                    counts.get(w.getKey())[0]++;
                }
                counts.get(w.getKey())[1] += (int) breaches.stream().filter(b -> !b.start().isBefore(from)).count();
            }
            if (t.status() != TicketStatus.CLOSED) {
                open++;
            }
            tickets.add(figures(t, terms.get(), book, now));
        }
        Map<String, Window> windows = new LinkedHashMap<>();
        WINDOWS.keySet().forEach(w -> windows.put(w, new Window(counts.get(w)[0], exposure.get(w).compliance(), counts.get(w)[1])));
        Map<String, Integer> minutes = new LinkedHashMap<>();
        WINDOWS.forEach((name, length) -> minutes.put(name, work.stream().filter(u -> !u.at().isBefore(now.minus(length)))
                .mapToInt(SlaLedger.WorkUnit::minutes).sum()));
        return new Report(id, open, windows, tickets, minutes);
    }

    private static TicketFigures figures(SlaLedger.Timed t, SlaTerms terms, SlaBook book, Instant now) {
        SlaClock sla = new SlaClock(t.timeline(), terms, book.hours(terms), now);
        List<Breach> breaches = sla.breaches();
        Optional<SlaClock.Wait> wait = sla.openWait();
        return new TicketFigures(t.number(), terms.id(), sla.exposure(breaches, t.timeline().created(), now).compliance(), breaches,
                wait.map(SlaClock.Wait::since), wait.flatMap(SlaClock.Wait::due));
    }
}
