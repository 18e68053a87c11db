package org.ticketmail.mailets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds on what one sender or one ticket can make the gateway send in an hour, so an auto-responder that
 * answers everything (and says nothing about being one) or a flood cannot make it mail without end:
 * acknowledgments to one address ({@code limits.acknowledgmentsPerHour}), and the copies of mail from one
 * sender or on one ticket ({@code limits.senderMailsPerHour}, {@code limits.ticketMailsPerHour}). Mail over
 * a limit is still recorded; only what it would send is not. Counts are kept in memory over a sliding hour
 * and start again at a restart. Thread-safe.
 */
public final class Limits {
    private static final Duration WINDOW = Duration.ofHours(1);
    /** Beyond this many addresses and tickets tracked, the oldest are forgotten. */
    private static final int MAX_KEYS = 100_000;

    /** A refusal: why, and whether it is the first for that key in the hour (say it loudly once). */
    public record Refusal(String reason, boolean first) {
    }

    private final int acknowledgmentsPerHour;
    private final int senderMailsPerHour;
    private final int ticketMailsPerHour;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public Limits(int acknowledgmentsPerHour, int senderMailsPerHour, int ticketMailsPerHour, Clock clock) {
        if (acknowledgmentsPerHour < 1 || senderMailsPerHour < 1 || ticketMailsPerHour < 1) {
            throw new IllegalArgumentException("limits are at least 1 an hour");
        }
        this.acknowledgmentsPerHour = acknowledgmentsPerHour;
        this.senderMailsPerHour = senderMailsPerHour;
        this.ticketMailsPerHour = ticketMailsPerHour;
        this.clock = clock;
    }

    /** Why no acknowledgment goes to {@code address} now, or empty: it may (and is counted). */
    public Optional<Refusal> acknowledgment(String address) {
        return take("ack " + address.toLowerCase(Locale.ROOT), acknowledgmentsPerHour,
                address + " was acknowledged " + acknowledgmentsPerHour + " times in the last hour (limits.acknowledgmentsPerHour)");
    }

    /** Why a mail from {@code sender} on {@code ticket} is not sent on now, or empty: it may (and is counted). */
    public Optional<Refusal> distribution(String sender, String ticket) {
        Optional<Refusal> bySender = sender == null || sender.isEmpty() ? Optional.empty()
                : take("from " + sender.toLowerCase(Locale.ROOT), senderMailsPerHour,
                        sender + " sent more than " + senderMailsPerHour + " mails in the last hour (limits.senderMailsPerHour)");
        if (bySender.isPresent()) {
            return bySender;
        }
        return take("ticket " + ticket, ticketMailsPerHour,
                "ticket " + ticket + " had more than " + ticketMailsPerHour + " mails in the last hour (limits.ticketMailsPerHour)");
    }

    private Optional<Refusal> take(String key, int limit, String reason) {
        Instant now = clock.instant();
        if (windows.size() > MAX_KEYS) {
            windows.entrySet().removeIf(e -> e.getValue().idleSince(now.minus(WINDOW)));
        }
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            w.prune(now.minus(WINDOW));
            if (w.times.size() < limit) {
                w.times.addLast(now);
                w.refusedSince = null;
                return Optional.empty();
            }
            boolean first = w.refusedSince == null;
            if (first) {
                w.refusedSince = now;
            }
            return Optional.of(new Refusal(reason, first));
        }
    }

    /** The times something was allowed for one key within the last hour. */
    private static final class Window {
        private final Deque<Instant> times = new ArrayDeque<>();
        private Instant refusedSince;

        void prune(Instant before) {
            while (!times.isEmpty() && times.peekFirst().isBefore(before)) {
                times.removeFirst();
            }
            if (times.isEmpty()) {
                refusedSince = null;
            }
        }

        synchronized boolean idleSince(Instant before) {
            prune(before);
            return times.isEmpty();
        }
    }
}
