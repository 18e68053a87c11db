package org.ticketmail.assembly;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.Database;
import org.ticketmail.store.SyncState;

/**
 * The health of the appliance's parts, for {@code GET /health} and the status page: James (its SMTP server
 * answers with a 220 greeting), the store (Derby answers a query), the queues (the broker runs and the queues
 * can be read) and the calendar. The appliance is up when James, the store and the queues are up. The calendar
 * is reported but never makes it down: when Google fails, mail still flows and calendar work waits, so a load
 * balancer or systemd must not take the appliance away for it ({@code degraded}).
 */
final class Health {
    static final String UP = "up";
    static final String DOWN = "down";
    static final String DEGRADED = "degraded";
    static final String OFF = "off";
    private static final int TIMEOUT_MILLIS = 2000;

    /** One part: its status and what it says. */
    record Component(String status, String detail) {
    }

    private final Settings settings;
    private final Database database;
    private final BooleanSupplier brokerRunning;
    private final Supplier<Map<String, Long>> queueDepths;
    private final CalendarLedger calendar;

    private final org.ticketmail.mailets.SpamFilter spam;

    Health(Settings settings, Database database, BooleanSupplier brokerRunning, Supplier<Map<String, Long>> queueDepths, CalendarLedger calendar,
           org.ticketmail.mailets.SpamFilter spam) {
        this.spam = spam;
        this.settings = settings;
        this.database = database;
        this.brokerRunning = brokerRunning;
        this.queueDepths = queueDepths;
        this.calendar = calendar;
    }

    /** Each part's health, in the order the page shows them. */
    Map<String, Component> check() {
        Map<String, Component> out = new LinkedHashMap<>();
        out.put("james", james());
        out.put("store", database.answers(TIMEOUT_MILLIS / 1000) ? new Component(UP, "Derby answers")
                : new Component(DOWN, "the Derby database does not answer"));
        out.put("queues", queues());
        out.put("calendar", calendar());
        out.put("spam", spam());
        return out;
    }

    /** The parts whose failure leaves mail flowing: reported, never making the appliance down. */
    private static final java.util.Set<String> OPTIONAL = java.util.Set.of("calendar", "spam");

    /** Whether the parts mail depends on are up. */
    static boolean up(Map<String, Component> components) {
        return components.entrySet().stream().filter(e -> !OPTIONAL.contains(e.getKey())).allMatch(e -> e.getValue().status().equals(UP));
    }

    /**
     * The spam filter: off without spam.spamd; degraded when spamd does not answer, since mail is then accepted and goes on
     * unchecked (fail open) rather than stopping.
     */
    private Component spam() {
        if (spam.spamd().isEmpty()) {
            return new Component(OFF, "no content filter (spam.spamd is empty)" + (spam.policy().trustUpstreamHeaders()
                    ? "; the verdicts of the trusted filter in front count" : ""));
        }
        java.util.Optional<String> problem = spam.spamd().get().problem();
        if (problem.isPresent()) {
            return new Component(DEGRADED, problem.get() + "; mail is accepted and goes on unchecked for spam");
        }
        return new Component(UP, "spamd answers at " + spam.spamd().get().address() + "; spam from score "
                + spam.policy().threshold() + ", suspect from " + spam.policy().suspectThreshold()
                + spam.spamd().get().lastFailure().map(f -> "; last failure " + f.at() + ": " + f.reason()).orElse(""));
    }

    private Component james() {
        String host = settings.localHost();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, settings.smtpPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String greeting = in.readLine();
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return greeting != null && greeting.startsWith("220") ? new Component(UP, "SMTP answers on " + host + ":" + settings.smtpPort())
                    : new Component(DOWN, "SMTP on " + host + ":" + settings.smtpPort() + " greets with '" + greeting + "'");
        } catch (java.io.IOException e) {
            return new Component(DOWN, "SMTP on " + host + ":" + settings.smtpPort() + " does not answer (" + e.getMessage() + ")");
        }
    }

    private Component queues() {
        if (!brokerRunning.getAsBoolean()) {
            return new Component(DOWN, "the mail queue broker is not running");
        }
        Map<String, Long> depths = queueDepths.get();
        if (depths.size() < 2) {
            return new Component(DOWN, "the mail queues cannot be read");
        }
        return new Component(UP, "spool " + depths.get("spool") + ", outgoing " + depths.get("outgoing"));
    }

    private Component calendar() {
        try {
            long backlog = calendar.backlog();
            if (settings.calendar().credentials().isEmpty()) {
                return new Component(OFF, "no Google calendar set up (calendar.google.credentials); iMIP invitations only"
                        + (backlog > 0 ? "; " + backlog + " waiting" : ""));
            }
            List<SyncState> failing = calendar.syncStates().stream().filter(s -> s.lastError() != null).toList();
            if (!failing.isEmpty()) {
                return new Component(DEGRADED, failing.size() + " calendar(s) failing to sync, e.g. " + failing.get(0).calendarId() + ": "
                        + failing.get(0).lastError() + "; " + backlog + " changes waiting");
            }
            return new Component(UP, backlog + " changes waiting");
        } catch (RuntimeException e) {
            return new Component(DEGRADED, "calendar state cannot be read (" + e.getMessage() + ")");
        }
    }
}
