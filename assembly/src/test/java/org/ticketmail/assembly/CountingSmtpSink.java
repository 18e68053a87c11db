package org.ticketmail.assembly;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outside world for the fuzz run: an SMTP server that takes every message and keeps only, per recipient, the
 * ticket numbers ({@code X-Ticketmail-Ticket}) of what it received. GreenMail parses each message it stores and
 * overflows its stack on the thousands of nested parts a fuzzed mail may carry (the copy of the original attached to
 * a rewrapped mail); this sink reads nothing but the header block, and keeps no bodies, so the heap measured at
 * the end is the appliance's.
 */
final class CountingSmtpSink extends SmtpSink {
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    CountingSmtpSink() throws IOException {
        super("counting-smtp-sink", 50, false);
    }

    /** How many messages {@code address} received. */
    int count(String address) {
        List<String> tickets = received.get(address.toLowerCase(Locale.ROOT));
        if (tickets == null) {
            return 0;
        }
        synchronized (tickets) {
            return tickets.size();
        }
    }

    /** The ticket numbers of the messages {@code address} received ("-" for a message without one). */
    Set<String> tickets(String address) {
        List<String> tickets = received.get(address.toLowerCase(Locale.ROOT));
        if (tickets == null) {
            return Set.of();
        }
        synchronized (tickets) {
            return Set.copyOf(tickets);
        }
    }

    /** Reads the message up to the lone dot and notes its X-Ticketmail-Ticket header ("-" without one) per recipient. */
    @Override
    protected void message(List<String> recipients, InputStream in) throws IOException {
        String ticket = "-";
        boolean inHeaders = true;
        for (String line = line(in); line != null && !line.equals("."); line = line(in)) {
            if (inHeaders) {
                if (line.isEmpty()) {
                    inHeaders = false;
                } else if (line.regionMatches(true, 0, "X-Ticketmail-Ticket:", 0, 20)) {
                    ticket = line.substring(20).trim();
                }
            }
        }
        for (String r : recipients) {
            List<String> tickets = received.computeIfAbsent(r, k -> new ArrayList<>());
            synchronized (tickets) {
                tickets.add(ticket);
            }
        }
    }
}
