package org.ticketmail.assembly;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay for the mix benchmark: an SMTP server that takes every message, reads only its header block and notes,
 * per benchmark marker ({@code mk} and seven digits), how many messages carried it, when the last one arrived
 * ({@link System#nanoTime()}) and its {@code X-Ticketmail-Ticket}. The marker is looked for in {@code In-Reply-To}
 * first (an answer to the sender, which ticketmail threads on the mail it answers, carries the ticket's subject, not
 * the mail's), then in the subject (a distributed copy keeps the subject, with the ticket tag added). Lighter than
 * GreenMail, which parses and keeps every message: the load generator shares the machine with the server measured.
 */
final class MarkerSmtpSink extends SmtpSink {
    static final Pattern MARKER = Pattern.compile("mk\\d{7}");

    /** What arrived for one marker. */
    static final class Arrivals {
        final AtomicInteger copies = new AtomicInteger();
        final AtomicLong last = new AtomicLong();
        volatile String ticket;
    }

    private final Map<String, Arrivals> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicInteger unmarked = new AtomicInteger();

    MarkerSmtpSink() throws IOException {
        super("marker-smtp-sink", 100, true);
    }

    /** What arrived for {@code marker}, or null when nothing did. */
    Arrivals arrivals(String marker) {
        return arrivals.get(marker);
    }

    /** Messages received in all (one per DATA, whatever the number of recipients). */
    int messages() {
        return messages.get();
    }

    /** Messages that carried no marker (e.g. a bounce). */
    int unmarked() {
        return unmarked.get();
    }

    /** Reads the message up to the lone dot and notes its arrival under its marker. */
    @Override
    protected void message(List<String> recipients, InputStream in) throws IOException {
        String subject = null;
        String inReplyTo = null;
        String ticket = null;
        StringBuilder header = null;
        boolean inHeaders = true;
        for (String line = line(in); line != null && !line.equals("."); line = line(in)) {
            if (!inHeaders) {
                continue;
            }
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (header != null) {
                    header.append(line);
                }
                continue;
            }
            if (header != null) {
                String h = header.toString();
                if (h.regionMatches(true, 0, "Subject:", 0, 8)) {
                    subject = h.substring(8).trim();
                } else if (h.regionMatches(true, 0, "In-Reply-To:", 0, 12)) {
                    inReplyTo = h.substring(12).trim();
                } else if (h.regionMatches(true, 0, "X-Ticketmail-Ticket:", 0, 20)) {
                    ticket = h.substring(20).trim();
                }
            }
            if (line.isEmpty()) {
                inHeaders = false;
                header = null;
            } else {
                header = new StringBuilder(line);
            }
        }
        long now = System.nanoTime();
        messages.incrementAndGet();
        String marker = find(inReplyTo);
        if (marker == null) {
            marker = find(subject);
        }
        if (marker == null && subject != null && subject.contains("=?")) {
            try {
                marker = find(javax.mail.internet.MimeUtility.decodeText(subject));
            } catch (java.io.UnsupportedEncodingException e) {
                // not ours
            }
        }
        if (marker == null) {
            unmarked.incrementAndGet();
            return;
        }
        Arrivals a = arrivals.computeIfAbsent(marker, k -> new Arrivals());
        if (ticket != null) {
            a.ticket = ticket;
        }
        a.last.accumulateAndGet(now, Math::max);
        a.copies.incrementAndGet();
    }

    private static String find(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = MARKER.matcher(s);
        return m.find() ? m.group() : null;
    }
}
