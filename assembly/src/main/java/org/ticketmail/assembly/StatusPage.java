package org.ticketmail.assembly;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ticketmail.mailets.HeldReasons;
import org.ticketmail.mailets.PipelineMetrics;
import org.ticketmail.mailets.PipelineMetrics.Outcome;
import org.ticketmail.store.FailingAddresses;
import org.ticketmail.store.HeldMail;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.TicketCounter;
import org.ticketmail.store.TicketQuery;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.TicketSummary;

/**
 * {@code GET /}: the page an admin looks at first (issue 11). Plain HTML and a little CSS, no script, readable on
 * a phone: the parts' health; version and uptime; mails received, recorded, distributed and held over the last
 * minute, hour and day; the queues; held mail by kind of reason; the last 20 failures; how the configuration
 * files last loaded; the spam filter, held spam and tickets marked suspect; the inbox, oldest first. Every value is HTML-escaped.
 */
final class StatusPage {
    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:64rem;padding:.5rem 1rem;color:#222}"
            + "h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.1rem;margin:1.2rem 0 .3rem;border-bottom:1px solid #ccc}"
            + "table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:.25rem .4rem;vertical-align:top;"
            + "border-bottom:1px solid #eee;overflow-wrap:break-word}td.n,td.st,td.t{white-space:nowrap}td.n,th.n{text-align:right}"
            + ".up{color:#176b2c;font-weight:bold}.down{color:#b00020;font-weight:bold}.degraded{color:#a35b00;font-weight:bold}"
            + ".off{color:#666}.muted{color:#666;font-size:.85rem}";

    private StatusPage() {
    }

    static String render(Settings settings, TicketStore store, TicketCounter counter, HeldMails held, FailingAddresses failing, java.util.function.LongSupplier calendarBacklog, Operations ops,
                         org.ticketmail.sla.SlaFigures sla, Instant now) {
        Map<String, Health.Component> health = ops.health().check();
        boolean up = Health.up(health);
        StringBuilder h = new StringBuilder(8192);
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,"
                + "initial-scale=1\"><title>ticketmail: ").append(up ? "up" : "DOWN").append("</title><style>").append(STYLE)
                .append("</style></head><body>");
        h.append("<h1>ticketmail <span class=\"").append(up ? "up" : "down").append("\">").append(up ? "up" : "down").append("</span></h1>");
        h.append("<p class=\"muted\">version ").append(esc(ops.version())).append(" · up ").append(esc(uptime(Duration.between(ops.startedAt(), now))))
                .append(" · support ").append(esc(String.join(", ", settings.supportAddresses()))).append(" · SMTP ")
                .append(esc(settings.listenAddress())).append(':').append(settings.smtpPort()).append(" · relay ")
                .append(esc(settings.relay().map(Object::toString).orElse("direct MX delivery"))).append("</p>");

        h.append("<h2>Health</h2><table>");
        for (Map.Entry<String, Health.Component> c : health.entrySet()) {
            h.append("<tr><th>").append(esc(c.getKey())).append("</th><td class=\"st ").append(esc(c.getValue().status())).append("\">")
                    .append(esc(c.getValue().status())).append("</td><td>").append(esc(c.getValue().detail())).append("</td></tr>");
        }
        h.append("</table>");

        PipelineMetrics m = ops.metrics();
        h.append("<h2>Mail</h2><table><tr><th></th><th class=\"n\">last minute</th><th class=\"n\">last hour</th><th class=\"n\">last day</th></tr>");
        for (Outcome o : Outcome.values()) {
            h.append("<tr><th>").append(o.name().toLowerCase(java.util.Locale.ROOT)).append("</th>");
            for (int minutes : new int[] {1, 60, 1440}) {
                h.append("<td class=\"n\">").append(m.recent(o, minutes)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table><p class=\"muted\">Counted since the start; received: entered the pipeline; held: kept with a reason"
                + " (<a href=\"/api/held\">/api/held</a>).</p>");

        Map<String, Long> depths = ops.queueDepths().get();
        h.append("<h2>Queues</h2>");
        guarded(h, () -> queues(depths, store, counter, failing, calendarBacklog));
        guarded(h, () -> heldSections(held));
        h.append("<h2>Spam</h2>");
        Health.Component filter = health.get("spam");
        if (filter != null) {
            h.append("<p>filter <span class=\"").append(esc(filter.status())).append("\">").append(esc(filter.status())).append("</span> ")
                    .append(esc(filter.detail())).append("</p>");
        }
        h.append("<table><tr><th></th>");
        PipelineMetrics.SPAM_OUTCOMES.forEach(o -> h.append("<th class=\"n\">").append(esc(o)).append("</th>"));
        h.append("</tr><tr><th>since start</th>");
        PipelineMetrics.SPAM_OUTCOMES.forEach(o -> h.append("<td class=\"n\">").append(m.spamCount(o)).append("</td>"));
        h.append("</tr></table>");
        guarded(h, () -> spamSections(held, store, settings.spam().retentionDays()));
        guarded(h, () -> slaSection(sla));
        appendConfigurationAndInbox(h, store, ops);
        return h.toString();
    }

    private static String queues(Map<String, Long> depths, TicketStore store, TicketCounter counter, FailingAddresses failing, java.util.function.LongSupplier calendarBacklog) {
        StringBuilder h = new StringBuilder();
        h.append("<table>")
                .append(row("spool (accepted, waiting for the pipeline)", String.valueOf(depths.getOrDefault("spool", -1L))))
                .append(row("outgoing (copies waiting for the relay)", String.valueOf(depths.getOrDefault("outgoing", -1L))))
                .append(row("calendar work waiting", calendarBacklog.getAsLong() + " (<a href=\"/api/calendar\">/api/calendar</a>)", true))
                .append(row("addresses that bounced", failing.count() + " (<a href=\"/api/failing\">/api/failing</a>)", true))
                .append(row("tickets", String.valueOf(store.countTickets())))
                .append(row("next ticket counter", String.valueOf(counter.next())))
                .append("</table>");
        return h.toString();
    }

    private static String heldSections(HeldMails held) {
        StringBuilder h = new StringBuilder();
        Map<String, Long> byKind = new LinkedHashMap<>();
        HeldReasons.ALL.forEach(k -> byKind.put(k, 0L));
        held.countByReason().forEach((reason, n) -> byKind.merge(HeldReasons.kind(reason), n, Long::sum));
        h.append("<h2>Held mail by reason</h2><table>");
        byKind.forEach((kind, n) -> {
            if (n > 0) {
                h.append(row(kind, String.valueOf(n)));
            }
        });
        h.append("</table><p class=\"muted\">").append(held.count()).append(" held in all; <code>ticketmail release ID</code>"
                + " puts one through the pipeline again.</p>");

        List<HeldMail> failures = held.newestWithReason("processing failed", 20);
        h.append("<h2>Last failures</h2>");
        if (failures.isEmpty()) {
            h.append("<p class=\"muted\">none</p>");
        } else {
            h.append("<table><tr><th>held</th><th>when</th><th>subject</th><th>reason</th></tr>");
            for (HeldMail f : failures) {
                h.append("<tr><td><a href=\"/api/held/").append(f.id()).append("/message\">").append(f.id()).append("</a></td><td>")
                        .append(esc(stamp(f.heldAt()))).append("</td><td>").append(esc(nullToDash(f.subject()))).append("</td><td>")
                        .append(esc(f.reason())).append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.toString();
    }

    /**
     * The service levels: the breaches going on now (ticket, limit, since when, its manager), and each account's compliance
     * over the last 30 days.
     */
    private static String slaSection(org.ticketmail.sla.SlaFigures sla) {
        StringBuilder h = new StringBuilder("<h2>Service levels</h2>");
        if (!sla.defined()) {
            return h.append("<p class=\"muted\">no service level defined (conf/sla.yaml)</p>").toString();
        }
        List<org.ticketmail.sla.SlaFigures.Ongoing> ongoing = sla.ongoing();
        h.append("<h3>Broken now</h3>");
        if (ongoing.isEmpty()) {
            h.append("<p class=\"muted\">none</p>");
        } else {
            h.append("<table><tr><th>ticket</th><th>limit</th><th>since</th><th>manager</th></tr>");
            for (org.ticketmail.sla.SlaFigures.Ongoing o : ongoing.subList(0, Math.min(50, ongoing.size()))) {
                org.ticketmail.store.sla.Breach b = o.breach();
                String manager = o.managerId();
                h.append("<tr><td><a href=\"/api/tickets/").append(esc(b.ticketNumber())).append("\">").append(esc(b.ticketNumber()))
                        .append("</a></td><td>").append(esc(b.kind().words())).append("</td><td class=\"t\">").append(esc(stamp(b.start())))
                        .append("</td><td>").append(esc(nullToDash(manager))).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h3>Compliance, last 30 days</h3><table><tr><th>account</th><th class=\"n\">tickets</th><th class=\"n\">within SLA</th>"
                + "<th class=\"n\">breaches</th><th class=\"n\">open now</th></tr>");
        Map<String, org.ticketmail.sla.SlaFigures.Report> reports = sla.accounts();
        for (org.ticketmail.store.directory.Account a : sla.directory().accounts()) {
            org.ticketmail.sla.SlaFigures.Report r = reports.get(a.id());
            if (r == null) {
                continue;
            }
            org.ticketmail.sla.SlaFigures.Window w = r.windows().get("30d");
            if (w.tickets() == 0 && r.openTickets() == 0) {
                continue;
            }
            h.append("<tr><td><a href=\"/api/sla?account=").append(esc(a.id())).append("\">").append(esc(a.name())).append("</a></td>")
                    .append("<td class=\"n\">").append(w.tickets()).append("</td><td class=\"n\">")
                    .append(w.compliance().map(c -> String.format(java.util.Locale.ROOT, "%.1f%%", c * 100)).orElse("-"))
                    .append("</td><td class=\"n\">").append(w.breaches()).append("</td><td class=\"n\">").append(r.openTickets())
                    .append("</td></tr>");
        }
        h.append("</table>");
        h.append("<h3>Technicians, last 30 days</h3><table><tr><th>technician</th><th class=\"n\">tickets</th>"
                + "<th class=\"n\">within SLA</th><th class=\"n\">breaches</th><th class=\"n\">time used</th></tr>");
        Map<String, org.ticketmail.sla.SlaFigures.Report> technicians = sla.employees();
        for (org.ticketmail.store.directory.Employee e : sla.directory().employees()) {
            org.ticketmail.sla.SlaFigures.Report r = technicians.get(e.id());
            if (!e.active() || r == null) {
                continue;
            }
            org.ticketmail.sla.SlaFigures.Window w = r.windows().get("30d");
            int minutes = r.minutesWorked().getOrDefault("30d", 0);
            if (w.tickets() == 0 && minutes == 0) {
                continue;
            }
            h.append("<tr><td><a href=\"/api/sla?employee=").append(esc(e.id())).append("\">").append(esc(e.name())).append("</a></td>")
                    .append("<td class=\"n\">").append(w.tickets()).append("</td><td class=\"n\">")
                    .append(w.compliance().map(c -> String.format(java.util.Locale.ROOT, "%.1f%%", c * 100)).orElse("-"))
                    .append("</td><td class=\"n\">").append(w.breaches()).append("</td><td class=\"n\">")
                    .append(esc(org.ticketmail.mailets.GatewayMail.duration(minutes))).append("</td></tr>");
        }
        h.append("</table><p class=\"muted\">Within SLA: the share of the tickets' open time inside their service level;"
                + " a technician's tickets are those they manage now; time used: their #time work units.</p>");
        return h.toString();
    }

    /** The newest held spam (sender, subject, score, rules) and the newest tickets marked suspect. */
    private static String spamSections(HeldMails held, TicketStore store, int retentionDays) {
        StringBuilder h = new StringBuilder();
        List<HeldMail> spam = held.newestWithReason(org.ticketmail.mailets.SpamFilter.HELD_PREFIX, 20);
        h.append("<h3>Held as spam</h3>");
        if (spam.isEmpty()) {
            h.append("<p class=\"muted\">none</p>");
        } else {
            h.append("<table><tr><th>held</th><th>when</th><th>sender</th><th>subject</th><th class=\"n\">score</th><th>rules</th></tr>");
            for (HeldMail s : spam) {
                h.append("<tr><td><a href=\"/api/held/").append(s.id()).append("/message\">").append(s.id()).append("</a>")
                        .append(s.releasedAt() == null ? "" : " <span class=\"muted\">released</span>").append("</td><td>")
                        .append(esc(stamp(s.heldAt()))).append("</td><td>").append(esc(nullToDash(s.sender()))).append("</td><td>")
                        .append(esc(nullToDash(s.subject()))).append("</td><td class=\"n\">")
                        .append(esc(org.ticketmail.mailets.SpamFilter.scoreOf(s.reason()).map(String::valueOf).orElse("-"))).append("</td><td>")
                        .append(esc(String.join(", ", org.ticketmail.mailets.SpamFilter.rulesOf(s.reason())))).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<p class=\"muted\">Kept ").append(retentionDays).append(" days (spam.retentionDays); <code>ticketmail release ID</code>"
                + " puts a false positive through the pipeline as normal mail; <a href=\"/api/held?reason=spam\">/api/held?reason=spam</a>.</p>");
        List<org.ticketmail.store.SuspectTicket> suspect = store.newestSuspect(10);
        h.append("<h3>Tickets marked suspect</h3>");
        if (suspect.isEmpty()) {
            h.append("<p class=\"muted\">none</p>");
        } else {
            h.append("<table><tr><th>ticket</th><th>opened</th><th>subject</th><th>why</th></tr>");
            for (org.ticketmail.store.SuspectTicket t : suspect) {
                h.append("<tr><td class=\"t\"><a href=\"/api/tickets/").append(esc(t.number())).append("\">").append(esc(t.number()))
                        .append("</a></td><td>").append(esc(stamp(t.createdAt()))).append("</td><td>").append(esc(t.subject()))
                        .append("</td><td>").append(esc(t.why())).append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.toString();
    }

    private static void appendConfigurationAndInbox(StringBuilder h, TicketStore store, Operations ops) {
        h.append("<h2>Configuration</h2><table>");
        for (Operations.Reload r : ops.reloads().get()) {
            h.append("<tr><td>").append(esc(r.file())).append("<br><span class=\"muted\">loaded ").append(esc(stamp(r.at())))
                    .append("</span></td><td class=\"").append(r.ok() ? "up\">in force" : "down\">refused, the last good version stays in force: ")
                    .append(r.ok() ? "" : esc(r.message())).append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Inbox</h2>");
        guarded(h, () -> inbox(store));
        h.append("<p class=\"muted\">JSON: <code>/api/tickets/{number}</code>, <a href=\"/api/tickets?inbox=true\">/api/tickets?inbox=true</a>,"
                + " <a href=\"/api/held\">/api/held</a>, <a href=\"/api/failing\">/api/failing</a>, <a href=\"/api/calendar\">/api/calendar</a>,"
                + " <a href=\"/health\">/health</a>, <a href=\"/metrics\">/metrics</a></p></body></html>");
    }

    private static String inbox(TicketStore store) {
        StringBuilder h = new StringBuilder();
        List<TicketSummary> inbox = store.find(TicketQuery.of(null, true, null, null, 20));
        if (inbox.isEmpty()) {
            h.append("<p class=\"muted\">no ticket waits</p>");
        } else {
            h.append("<table><tr><th>ticket</th><th>waiting</th><th>status</th><th>subject</th></tr>");
            for (TicketSummary t : inbox) {
                h.append("<tr><td class=\"t\"><a href=\"/api/tickets/").append(esc(t.number())).append("\">").append(esc(t.number())).append("</a></td><td>")
                        .append(esc(t.updatedAt() == null ? "-" : uptime(Duration.between(t.updatedAt(), Instant.now()))))
                        .append("</td><td>").append(esc(t.status().jsonName())).append("</td><td>")
                        .append(esc(t.subject())).append("</td></tr>");
            }
            h.append("</table>");
        }
        return h.toString();
    }

    /** A part of the page that needs the store: when the store is down, the page says so there and shows the rest. */
    private static void guarded(StringBuilder h, java.util.function.Supplier<String> part) {
        try {
            h.append(part.get());
        } catch (RuntimeException e) {
            h.append("<p class=\"down\">cannot be read now: ").append(esc(e.getMessage())).append("</p>");
        }
    }

    private static String row(String name, String value) {
        return row(name, esc(value), true);
    }

    private static String row(String name, String html, boolean raw) {
        return "<tr><th>" + esc(name) + "</th><td class=\"n\">" + html + "</td></tr>";
    }

    private static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    /** An instant to the second, in UTC: {@code 2026-12-03 08:18:27Z}. */
    static String stamp(Instant at) {
        return at == null ? "-" : STAMP.format(at);
    }

    static String uptime(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86400 + " d " + s % 86400 / 3600 + " h";
    }

    private static String nullToDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
