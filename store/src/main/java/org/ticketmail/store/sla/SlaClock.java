package org.ticketmail.store.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ticketmail.store.TicketStatus;

/**
 * Measures one ticket against its SLA (seed 004, "SLA"), purely: which limits it broke and when, when the next
 * falls due, and how much of its life it spent within them. Time counts only inside the SLA's business hours and
 * only in the statuses its type counts, so waiting on a third party pauses a normal SLA.
 *
 * <ul>
 *   <li><b>Response time</b>: each public customer mail starts a wait (a later one starts it again: seed 004 looks
 *   at the creator's last work unit); an employee's public answer, or the ticket's closing, ends it.</li>
 *   <li><b>Lifetime</b>: from the ticket's opening, while it is not closed.</li>
 *   <li><b>Inactivity</b>: from the last work on the ticket (any mail or status change but the gateway's own).</li>
 * </ul>
 * Thread-safe.
 */
public final class SlaClock {
    private final Timeline timeline;
    private final SlaTerms terms;
    private final BusinessHours hours;
    private final Instant now;

    public SlaClock(Timeline timeline, SlaTerms terms, BusinessHours hours, Instant now) {
        this.timeline = timeline;
        this.terms = terms;
        this.hours = hours;
        this.now = now;
    }

    /** Every breach of the ticket's life up to now, oldest first within each kind. */
    public List<Breach> breaches() {
        List<Breach> out = new ArrayList<>();
        terms.response().ifPresent(max -> waits(timeline.customerMails(), timeline.answers(), max, Breach.Kind.RESPONSE, out));
        terms.inactivity().ifPresent(max -> waits(timeline.work(), timeline.work(), max, Breach.Kind.INACTIVITY, out));
        terms.lifetime().ifPresent(max -> lifetime(max, out));
        return out;
    }

    /** The business time counted from {@code from} to {@code to}, in the statuses the type counts. */
    public Duration counted(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        List<Timeline.StatusAt> s = timeline.statuses();
        for (int i = 0; i < s.size(); i++) {
            Instant a = max(from, s.get(i).at());
            Instant b = i + 1 < s.size() ? min(to, s.get(i + 1).at()) : to;
            if (a.isBefore(b) && terms.type().counts(s.get(i).status())) {
                total = total.plus(hours.between(a, b));
            }
        }
        return total;
    }

    /**
     * From when more than {@code amount} will have been counted since {@code from}, if the statuses as they are now get
     * there (the last status runs on forever); empty when it does not count and the amount is not passed before it. A
     * wait that uses exactly the amount and then pauses (the day ends, a third party is waited on) is not over it: it
     * is over when the clock runs again.
     */
    public Optional<Instant> due(Instant from, Duration amount) {
        Duration left = amount;
        List<Timeline.StatusAt> s = timeline.statuses();
        for (int i = 0; i < s.size(); i++) {
            boolean last = i + 1 == s.size();
            Instant segmentEnd = last ? null : s.get(i + 1).at();
            if (segmentEnd != null && !segmentEnd.isAfter(from)) {
                continue;
            }
            if (!terms.type().counts(s.get(i).status())) {
                continue;
            }
            Instant a = max(from, s.get(i).at());
            if (last) {
                return Optional.of(hours.plus(a, left));
            }
            Duration here = hours.between(a, segmentEnd);
            if (here.compareTo(left) > 0) {
                return Optional.of(hours.plus(a, left));
            }
            left = left.minus(here);
        }
        return Optional.empty();
    }

    /**
     * The customer's open wait: since when a customer mail has waited for an answer, and when the response time runs
     * out; empty when no mail waits (or there is no response limit).
     */
    public Optional<Wait> openWait() {
        if (terms.response().isEmpty() || timeline.status() == TicketStatus.CLOSED || timeline.customerMails().isEmpty()) {
            return Optional.empty();
        }
        Instant last = timeline.customerMails().get(timeline.customerMails().size() - 1);
        if (last.isAfter(now) || next(timeline.answers(), last).isPresent() || next(closings(), last).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Wait(last, due(last, terms.response().get()), counted(last, now)));
    }

    /**
     * A customer mail waiting for an answer.
     *
     * @param due when the response time runs out, if the statuses as they are now get there
     * @param waited the business time counted so far
     */
    public record Wait(Instant since, Optional<Instant> due, Duration waited) {
    }

    /**
     * How much counted time (business hours, in the statuses the type counts) of the ticket's life overlaps
     * {@code from}..{@code to}, and how much of that was breached: the same clock the limits run on.
     */
    public Exposure exposure(List<Breach> breaches, Instant from, Instant to) {
        Instant end = min(to, now);
        List<Instant[]> life = new ArrayList<>();
        List<Timeline.StatusAt> s = timeline.statuses();
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).status() == TicketStatus.CLOSED) {
                continue;
            }
            Instant a = max(from, s.get(i).at());
            Instant b = i + 1 < s.size() ? min(end, s.get(i + 1).at()) : end;
            if (a.isBefore(b)) {
                life.add(new Instant[] {a, b});
            }
        }
        Duration lived = Duration.ZERO;
        Duration breached = Duration.ZERO;
        List<Instant[]> bad = union(breaches);
        for (Instant[] l : life) {
            lived = lived.plus(counted(l[0], l[1]));
            for (Instant[] b : bad) {
                Instant a = max(l[0], b[0]);
                Instant z = min(l[1], b[1]);
                if (a.isBefore(z)) {
                    breached = breached.plus(counted(a, z));
                }
            }
        }
        return new Exposure(lived, breached);
    }

    /** Time a ticket was open in a period, and the part of it outside its SLA. */
    public record Exposure(Duration open, Duration breached) {
        public static final Exposure NONE = new Exposure(Duration.ZERO, Duration.ZERO);

        public Exposure plus(Exposure other) {
            return new Exposure(open.plus(other.open), breached.plus(other.breached));
        }

        /** The share of the open time within the SLA, 0 to 1; empty when nothing was open. */
        public Optional<Double> compliance() {
            if (open.isZero()) {
                return Optional.empty();
            }
            return Optional.of(1.0 - (double) breached.toMillis() / open.toMillis());
        }
    }

    /** The breaches merged where they overlap (two limits broken at once count once), ongoing ones up to now. */
    private List<Instant[]> union(List<Breach> breaches) {
        List<Instant[]> spans = new ArrayList<>();
        for (Breach b : breaches) {
            spans.add(new Instant[] {b.start(), b.end().orElse(now)});
        }
        spans.sort((x, y) -> x[0].compareTo(y[0]));
        List<Instant[]> out = new ArrayList<>();
        for (Instant[] span : spans) {
            if (!out.isEmpty() && !span[0].isAfter(out.get(out.size() - 1)[1])) {
                Instant[] lastSpan = out.get(out.size() - 1);
                lastSpan[1] = max(lastSpan[1], span[1]);
            } else {
                out.add(new Instant[] {span[0], span[1]});
            }
        }
        return out;
    }

    /**
     * Waits that each of {@code starts} opens and the next of {@code enders}, the next start or a closing ends; those
     * whose counted time passed {@code max} before they ended are breaches.
     */
    private void waits(List<Instant> starts, List<Instant> enders, Duration max, Breach.Kind kind, List<Breach> out) {
        List<Instant> closings = closings();
        for (int i = 0; i < starts.size(); i++) {
            Instant start = starts.get(i);
            if (!start.isBefore(now)) {
                break;
            }
            Instant end = now;
            if (i + 1 < starts.size()) {
                end = min(end, starts.get(i + 1));
            }
            end = min(end, next(enders, start).orElse(end));
            end = min(end, next(closings, start).orElse(end));
            Optional<Instant> due = due(start, max);
            if (due.isPresent() && due.get().isBefore(end)) {
                out.add(new Breach(timeline.ticketNumber(), kind, due.get(), end.equals(now) ? Optional.empty() : Optional.of(end), max,
                        start));
            }
        }
    }

    /** The lifetime breach: from the instant the counted life passed {@code max}, in every stretch the ticket was not closed. */
    private void lifetime(Duration max, List<Breach> out) {
        Optional<Instant> due = due(timeline.created(), max);
        if (due.isEmpty() || !due.get().isBefore(now)) {
            return;
        }
        List<Timeline.StatusAt> s = timeline.statuses();
        Instant open = null;
        boolean first = true;
        for (int i = 0; i < s.size(); i++) {
            Instant a = max(due.get(), s.get(i).at());
            Instant b = i + 1 < s.size() ? min(now, s.get(i + 1).at()) : now;
            boolean closed = s.get(i).status() == TicketStatus.CLOSED;
            if (!closed && open == null && a.isBefore(b)) {
                open = a;
            }
            if (closed && open != null) {
                out.add(new Breach(timeline.ticketNumber(), Breach.Kind.LIFETIME, open, Optional.of(max(open, s.get(i).at())), max,
                        first ? timeline.created() : open));
                open = null;
                first = false;
            }
        }
        if (open != null) {
            out.add(new Breach(timeline.ticketNumber(), Breach.Kind.LIFETIME, open, Optional.empty(), max, first ? timeline.created() : open));
        }
    }

    /** When the ticket was closed, each time. */
    private List<Instant> closings() {
        List<Instant> out = new ArrayList<>();
        TicketStatus before = null;
        for (Timeline.StatusAt s : timeline.statuses()) {
            if (s.status() == TicketStatus.CLOSED && before != TicketStatus.CLOSED) {
                out.add(s.at());
            }
            before = s.status();
        }
        return out;
    }

    /** The first of {@code sorted} after {@code at}. */
    private static Optional<Instant> next(List<Instant> sorted, Instant at) {
        for (Instant x : sorted) {
            if (x.isAfter(at)) {
                return Optional.of(x);
            }
        }
        return Optional.empty();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
