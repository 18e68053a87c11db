package org.ticketmail.assembly;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.FailingAddresses;
import org.ticketmail.store.HeldMail;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.TicketCounter;
import org.ticketmail.store.TicketImport;
import org.ticketmail.store.TicketQuery;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The status page and the read-only JSON view, on the status port (see the README, "The JSON view"):
 * {@code GET /} a small HTML page, {@code GET /api/tickets/{number}}, {@code GET
 * /api/tickets?updatedSince=ISO-8601}, {@code GET /api/held}, {@code GET /health}. The admin's actions, which the
 * {@code ticketmail} command sends since only the running appliance may open the data directory, are the only
 * POSTs: releasing a held mail, clearing a failing address, importing tickets from CSV. Anything else gets a JSON
 * error.
 */
final class StatusServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(StatusServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Releases a held mail into the pipeline again ({@link HeldMailRelease}). */
    interface Release {
        HeldMailRelease.Result release(long id);
    }

    /** The header a release must carry: a web page cannot add it to a cross-site request (no CSRF). */
    static final String ACTION_HEADER = "X-Requested-By";

    /**
     * @param sla the service levels' figures
     * @param directory the directory in force, which imported rows are checked against
     */
    static StatusServer start(Settings settings, Stores stores, Release release, Operations ops, org.ticketmail.sla.SlaFigures sla,
                              java.util.function.Supplier<Directory> directory) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.listenAddress(), settings.statusPort()), 50);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ticketmail-status");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        Routes routes = new Routes(settings, stores.tickets(), stores.counter(), stores.held(), stores.calendar(), release, stores.failing(), ops,
                sla, directory);
        server.createContext("/", exchange -> {
            try {
                routes.handle(exchange);
            } catch (RuntimeException e) {
                LOGGER.warn("status {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
                json(exchange, 500, JsonView.ErrorBody.from(500, "internal error: " + e.getMessage()));
            } finally {
                exchange.close();
            }
        });
        server.start();
        return new StatusServer(server, executor);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The most tickets one list answers with. */
    static final int LIST_LIMIT = 1000;
    private static final java.util.regex.Pattern HELD_MESSAGE = java.util.regex.Pattern.compile("/api/held/(\\d{1,18})/message");
    private static final java.util.regex.Pattern HELD_RELEASE = java.util.regex.Pattern.compile("/api/held/(\\d{1,18})/release");
    private static final java.util.regex.Pattern FAILING_CLEAR = java.util.regex.Pattern.compile("/api/failing/([^/]{1,320})/clear");
    private static final String IMPORT = "/api/import";
    /** The largest CSV file one import takes; a larger export goes in several files (importing one again is safe). */
    static final int IMPORT_MAX_BYTES = 64 * 1024 * 1024;
    /** Held mails per page of /api/held, by default and at most. */
    static final int HELD_PAGE = 100;
    static final int HELD_PAGE_MAX = 1000;

    private record Routes(Settings settings, TicketStore store, TicketCounter counter, HeldMails held, CalendarLedger calendar,
                          Release release, FailingAddresses failing, Operations ops, org.ticketmail.sla.SlaFigures sla,
                          java.util.function.Supplier<Directory> directory) {
        /** No token set (loopback only, Settings checks that): anyone here may read; else the bearer token. */
        private boolean authorized(HttpExchange exchange) {
            if (settings.statusToken().isEmpty()) {
                return true;
            }
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return false;
            }
            byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            return java.security.MessageDigest.isEqual(given, settings.statusToken().get().getBytes(StandardCharsets.UTF_8));
        }

        void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            java.util.regex.Matcher release = HELD_RELEASE.matcher(path);
            java.util.regex.Matcher clear = FAILING_CLEAR.matcher(path);
            boolean importing = path.equals(IMPORT);
            boolean action = release.matches() || clear.matches() || importing;
            boolean post = exchange.getRequestMethod().equals("POST");
            if (post && !action || !post && !exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                error(exchange, 405, "the status server is read-only (use GET), but for POST /api/held/{id}/release,"
                        + " POST /api/failing/{address}/clear and POST /api/import");
                return;
            }
            if (!path.equals("/health") && !authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"ticketmail\"");
                error(exchange, 401, "this status server needs Authorization: Bearer <status.token of conf/ticketmail.properties>");
                return;
            }
            if (action) {
                if (!post) {
                    error(exchange, 405, release.matches() ? "release a held mail with POST /api/held/{id}/release (ticketmail release ID)"
                            : clear.matches() ? "clear a failing address with POST /api/failing/{address}/clear (ticketmail clear-failing ADDRESS)"
                            : "import tickets with POST /api/import?apply=true|false, the CSV file as the body (ticketmail import-tickets FILE.csv)");
                    return;
                }
                if (!"ticketmail".equals(exchange.getRequestHeaders().getFirst(ACTION_HEADER))) {
                    error(exchange, 403, (release.matches() ? "a release" : clear.matches() ? "clearing an address" : "an import")
                            + " needs the header " + ACTION_HEADER + ": ticketmail (the ticketmail command sends it)");
                    return;
                }
                if (importing) {
                    importTickets(exchange);
                    return;
                }
                if (clear.matches()) {
                    String address = URLDecoder.decode(clear.group(1), StandardCharsets.UTF_8);
                    if (failing.clear(address)) {
                        LOGGER.info("failing address {} cleared by an admin", address);
                        json(exchange, 200, new JsonView.Cleared(address, address + " is no longer marked failing; ticket mail goes to it again"));
                    } else {
                        error(exchange, 404, address + " is not marked failing (see /api/failing)");
                    }
                    return;
                }
                HeldMailRelease.Result result = release().release(Long.parseLong(release.group(1)));
                json(exchange, result.status(), result.status() == 200
                        ? new JsonView.Released(Long.parseLong(release.group(1)), result.recipients(), result.message())
                        : JsonView.ErrorBody.from(result.status(), result.message()));
                return;
            }
            if (path.equals("/") || path.equals("/index.html")) {
                send(exchange, 200, "text/html; charset=utf-8", StatusPage.render(settings, store, counter, held, failing, calendar::backlog, ops,
                        sla, Instant.now()));
            } else if (path.equals("/health")) {
                java.util.Map<String, Health.Component> components = ops.health().check();
                boolean up = Health.up(components);
                json(exchange, up ? 200 : 503, JsonView.HealthView.from(up, components));
            } else if (path.equals("/metrics")) {
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", ops.registry().scrape());
            } else if (path.equals("/api/tickets") || path.equals("/api/tickets/")) {
                tickets(exchange);
            } else if (path.startsWith("/api/tickets/")) {
                ticket(exchange, URLDecoder.decode(path.substring("/api/tickets/".length()), StandardCharsets.UTF_8));
            } else if (path.equals("/api/calendar")) {
                json(exchange, 200, JsonView.CalendarView.from(settings.calendar().credentials().isPresent(), calendar.backlog(),
                        calendar.jobs(200), calendar.syncStates()));
            } else if (HELD_MESSAGE.matcher(path).matches()) {
                java.util.regex.Matcher m = HELD_MESSAGE.matcher(path);
                m.matches();
                heldMessage(exchange, m.group(1));
            } else if (path.equals("/api/held")) {
                held(exchange);
            } else if (path.equals("/api/sla")) {
                sla(exchange);
            } else if (path.equals("/api/failing")) {
                json(exchange, 200, JsonView.FailingList.from(failing.list(LIST_LIMIT), failing.count()));
            } else {
                error(exchange, 404, "no such page: " + path + "; see /api/tickets/{number}, /api/tickets?updatedSince=..., /api/held, /api/failing, /api/calendar,"
                        + " /api/sla?account=ID");
            }
        }

        /**
         * {@code POST /api/import?apply=true|false&file=NAME}: checks the CSV body ({@link TicketImport}) against the directory
         * in force, local times in calendar.timezone; with {@code apply=true} and no bad row imports it in one transaction.
         * 200 with what was (or would be) imported; 422 with every bad row, nothing written; 400 for a file that cannot be
         * read as the documented CSV at all.
         */
        private void importTickets(HttpExchange exchange) throws IOException {
            String applyText = query(exchange, "apply");
            if (applyText != null && !applyText.equals("true") && !applyText.equals("false")) {
                error(exchange, 400, "apply '" + applyText + "' is not true or false");
                return;
            }
            boolean apply = "true".equals(applyText);
            byte[] csv = exchange.getRequestBody().readNBytes(IMPORT_MAX_BYTES + 1);
            if (csv.length > IMPORT_MAX_BYTES) {
                error(exchange, 413, "the file is larger than " + IMPORT_MAX_BYTES / (1024 * 1024) + " MiB; split it into several"
                        + " (importing a file again skips what it imported before)");
                return;
            }
            String source = importSource(query(exchange, "file"));
            TicketImport.Checked file;
            try {
                file = new TicketImport(directory.get(), java.time.Clock.system(settings.calendar().working().zone())).check(csv);
            } catch (TicketImport.FileException e) {
                error(exchange, 400, e.getMessage());
                return;
            }
            if (!file.bad().isEmpty()) {
                json(exchange, 422, JsonView.ImportView.from(apply, file, new TicketImport.Outcome(List.of(), List.of())));
                return;
            }
            TicketImport.Outcome outcome = apply ? store.importTickets(file, source) : store.previewImport(file);
            if (apply) {
                LOGGER.info("{}: {} tickets imported, {} rows skipped (imported before)", source, outcome.imported().size(),
                        outcome.skippedLines().size());
            }
            json(exchange, 200, JsonView.ImportView.from(apply, file, outcome));
        }

        /** What the notes of imported tickets name: {@code import-tickets tickets.csv}, the file's name without its folders. */
        private static String importSource(String file) {
            if (file == null || file.isBlank()) {
                return "POST " + IMPORT;
            }
            String name = file.strip().replaceAll(".*[/\\\\]", "").replaceAll("\\p{Cntrl}", "");
            return "import-tickets " + (name.length() > 200 ? name.substring(0, 200) : name);
        }

        private void tickets(HttpExchange exchange) throws IOException {
            String since = query(exchange, "updatedSince");
            String inbox = query(exchange, "inbox");
            String manager = query(exchange, "manager");
            String status = query(exchange, "status");
            if (since != null) {
                since = since.replace(' ', '+'); // an unencoded '+' of a zone offset arrives as a space
            }
            if ((since == null || since.isBlank()) && inbox == null && manager == null && status == null) {
                error(exchange, 400, "give updatedSince as ISO-8601, e.g. /api/tickets?updatedSince=2026-11-01T00:00:00Z, or filter"
                        + " with inbox=true, manager=ID or status=STATUS");
                return;
            }
            Instant instant = null;
            if (since != null && !since.isBlank()) {
                try {
                    instant = OffsetDateTime.parse(since).toInstant();
                } catch (DateTimeParseException e) {
                    try {
                        instant = Instant.parse(since);
                    } catch (DateTimeParseException e2) {
                        error(exchange, 400, "updatedSince '" + since + "' is not ISO-8601, e.g. 2026-11-01T00:00:00Z");
                        return;
                    }
                }
            }
            if (inbox != null && !inbox.equals("true") && !inbox.equals("false")) {
                error(exchange, 400, "inbox '" + inbox + "' is not true or false");
                return;
            }
            Optional<TicketStatus> wanted = status == null ? Optional.empty() : TicketStatus.find(status);
            if (status != null && wanted.isEmpty()) {
                error(exchange, 400, "status '" + status + "' is not a status; statuses are " + TicketStatus.names());
                return;
            }
            json(exchange, 200, JsonView.TicketList.from(store.find(TicketQuery.of(instant, inbox == null ? null : Boolean.valueOf(inbox),
                    manager == null || manager.isBlank() ? null : manager, wanted.orElse(null), LIST_LIMIT))));
        }

        private void ticket(HttpExchange exchange, String number) throws IOException {
            Optional<Ticket> found = store.ticket(number);
            if (found.isEmpty()) {
                error(exchange, 404, "no ticket " + number);
                return;
            }
            json(exchange, 200, JsonView.TicketView.from(found.get(), store.recipients(number), store.history(number),
                    store::attachments, store.changes(number), calendar.schedule(number).orElse(null), calendar.event(number).orElse(null),
                    store.suspect(number).orElse(null), sla.ticket(number).orElse(null)));
        }

        /** {@code GET /api/sla?account=ID} or {@code ?employee=ID}: compliance over the last day, 15 days and 30 days. */
        private void sla(HttpExchange exchange) throws IOException {
            String account = query(exchange, "account");
            String employee = query(exchange, "employee");
            if ((account == null || account.isBlank()) == (employee == null || employee.isBlank())) {
                error(exchange, 400, "give one of account=ID or employee=ID, e.g. /api/sla?account=acme");
                return;
            }
            Directory directory = this.directory.get();
            if (account != null && !account.isBlank() && directory.account(account).isEmpty()) {
                error(exchange, 404, "no account " + account + " in conf/directory.yaml");
                return;
            }
            if (employee != null && !employee.isBlank() && directory.employee(employee).isEmpty()) {
                error(exchange, 404, "no employee " + employee + " in conf/directory.yaml");
                return;
            }
            json(exchange, 200, account != null && !account.isBlank() ? JsonView.SlaReportView.from(account, null, sla.account(account))
                    : JsonView.SlaReportView.from(null, employee, sla.employee(employee)));
        }

        private void held(HttpExchange exchange) throws IOException {
            String limitText = query(exchange, "limit");
            String beforeText = query(exchange, "before");
            int limit;
            long before;
            try {
                limit = limitText == null ? HELD_PAGE : Integer.parseInt(limitText);
                before = beforeText == null ? Long.MAX_VALUE : Long.parseLong(beforeText);
            } catch (NumberFormatException e) {
                error(exchange, 400, "give limit (1-" + HELD_PAGE_MAX + ") and before (an id) as numbers, e.g. /api/held?before=120&limit=50");
                return;
            }
            if (limit < 1 || limit > HELD_PAGE_MAX) {
                error(exchange, 400, "limit " + limit + " is not between 1 and " + HELD_PAGE_MAX);
                return;
            }
            String kind = query(exchange, "reason");
            java.util.Optional<String> prefix = kind == null ? java.util.Optional.empty() : org.ticketmail.mailets.HeldReasons.prefix(kind);
            if (kind != null && prefix.isEmpty()) {
                error(exchange, 400, "reason '" + kind + "' is not a kind of held mail; kinds are " + String.join(", ",
                        org.ticketmail.mailets.HeldReasons.ALL.stream().filter(k -> !k.equals("other")).toList()) + ", e.g. /api/held?reason=spam");
                return;
            }
            List<HeldMail> page = prefix.isEmpty() ? held.before(before, limit + 1) : held.beforeWithReason(prefix.get(), before, limit + 1);
            boolean more = page.size() > limit;
            json(exchange, 200, JsonView.HeldList.from(more ? page.subList(0, limit) : page,
                    prefix.isEmpty() ? held.count() : held.countWithReason(prefix.get()), limit, more, kind));
        }

        /** {@code GET /api/held/{id}/message}: the held mail as it was received. */
        private void heldMessage(HttpExchange exchange, String idText) throws IOException {
            long id;
            try {
                id = Long.parseLong(idText);
            } catch (NumberFormatException e) {
                error(exchange, 404, "no held mail " + idText);
                return;
            }
            Optional<byte[]> message = held.message(id);
            if (message.isEmpty()) {
                error(exchange, 404, "no held mail " + id);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "message/rfc822");
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"held-" + id + ".eml\"");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(message.get().length));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, message.get().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(message.get());
            }
        }
    }

    private static String query(HttpExchange exchange, String name) {
        String q = exchange.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void json(HttpExchange exchange, int code, Object body) throws IOException {
        send(exchange, code, "application/json", Json.write(body));
    }

    private static void error(HttpExchange exchange, int code, String message) throws IOException {
        json(exchange, code, JsonView.ErrorBody.from(code, message));
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
