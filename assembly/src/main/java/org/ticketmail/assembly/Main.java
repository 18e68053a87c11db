package org.ticketmail.assembly;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.ticketmail.quote.MailText;
import org.ticketmail.quote.QuoteRules;
import org.ticketmail.quote.QuoteRulesException;
import org.ticketmail.quote.QuoteStripper;
import org.ticketmail.quote.Stripped;
import org.ticketmail.store.Database;
import org.ticketmail.store.StoreException;
import org.ticketmail.store.TicketCounter;

/**
 * {@code bin/ticketmail}: {@code run} (the default) starts the appliance; {@code strip} prints the reply
 * text that would be recorded for saved mails; {@code increment-ticket-number} moves the ticket counter
 * forward while the appliance is stopped; {@code release} asks the running appliance to process a held mail again;
 * {@code import-tickets} has the running appliance check (and with {@code --apply} import) a CSV file of tickets;
 * {@code health} waits for the running appliance to answer (the systemd unit's start check).
 */
public final class Main {
    static final String USAGE = """
            usage: ticketmail [run] [--conf DIR] [--data DIR]
                   ticketmail strip [--json] [--conf DIR | --rules FILE] FILE...
                   ticketmail increment-ticket-number [--conf DIR] [--data DIR] NEXT
                   ticketmail set-password [--conf DIR] EMPLOYEE-ID     (reads the password from standard input)
                   ticketmail release [--conf DIR] HELD-ID              (the running appliance processes a held mail again)
                   ticketmail clear-failing [--conf DIR] ADDRESS        (ticket mail goes to an address that bounced again)
                   ticketmail import-tickets [--conf DIR] [--apply] FILE.csv
                                                                        (checks a CSV file of tickets; --apply imports it)
                   ticketmail health [--conf DIR] [--wait SECONDS]      (exit 0 once the running appliance answers /health)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(List.of(args));
        String command = !rest.isEmpty() && !rest.get(0).startsWith("-") ? rest.remove(0) : "run";
        try {
            return switch (command) {
                case "run" -> serve(Options.parse(rest, false, err));
                case "strip" -> strip(Options.parse(rest, true, err), out, err);
                case "increment-ticket-number" -> increment(Options.parse(rest, true, err), out);
                case "set-password" -> setPassword(Options.parse(rest, true, err), System.in, out);
                case "release" -> release(Options.parse(rest, true, err), System.getenv(), out);
                case "clear-failing" -> clearFailing(Options.parse(rest, true, err), System.getenv(), out);
                case "import-tickets" -> importTickets(Options.parse(rest, true, err), System.getenv(), out);
                case "health" -> health(Options.parse(rest, false, err), System.getenv(), out);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> {
                    err.print("ticketmail: unknown command '" + command + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (ConfigException | QuoteRulesException | StoreException e) {
            err.println("ticketmail: " + e.getMessage());
            return 1;
        } catch (UsageException e) {
            err.print("ticketmail: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
    }

    private static int serve(Options o) {
        Settings settings = Settings.load(o.conf, o.data, System.getenv());
        Appliance appliance;
        try {
            appliance = Appliance.start(settings);
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ConfigException("cannot start: " + root.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            appliance.close();
            stopped.countDown();
        }, "ticketmail-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int strip(Options o, PrintStream out, PrintStream err) {
        if (o.files.isEmpty()) {
            throw new UsageException("strip needs at least one file");
        }
        if (!o.json && o.files.size() > 1) {
            throw new UsageException("strip without --json takes one file; use --json for several");
        }
        QuoteRules rules;
        if (o.rules != null) {
            rules = QuoteRules.load(o.rules, o.rules.toString());
        } else if (o.conf != null && Files.isRegularFile(o.conf.resolve("quote-rules.txt"))) {
            rules = QuoteRules.load(o.conf.resolve("quote-rules.txt"), "conf/quote-rules.txt");
        } else {
            rules = QuoteRules.defaults();
        }
        QuoteStripper stripper = new QuoteStripper(rules);
        Map<String, String> results = new LinkedHashMap<>();
        int failures = 0;
        for (String file : o.files) {
            try {
                results.put(file, stripFile(Path.of(file), stripper).text());
            } catch (IOException | MessagingException e) {
                err.println("ticketmail: " + file + ": " + e.getMessage());
                failures++;
            }
        }
        if (o.json) {
            out.println(Json.write(results));
        } else if (!results.isEmpty()) {
            out.println(results.values().iterator().next());
        }
        return failures == 0 ? 0 : 1;
    }

    /** A file is a message when its first lines look like headers; otherwise it is a bare body. */
    static Stripped stripFile(Path file, QuoteStripper stripper) throws IOException, MessagingException {
        byte[] bytes = Files.readAllBytes(file);
        if (looksLikeMessage(bytes)) {
            try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
                MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                return MailText.reply(message, stripper);
            }
        }
        return stripper.strip(MailText.bestEffort(bytes));
    }

    static boolean looksLikeMessage(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r?\n");
        int headers = 0;
        for (String line : lines) {
            if (line.isEmpty()) {
                break;
            }
            if (line.matches("^[A-Za-z][A-Za-z0-9-]*:.*") || line.startsWith(" ") || line.startsWith("\t") || line.startsWith("From ")) {
                headers++;
            } else {
                return false;
            }
        }
        return headers >= 2 && head.matches("(?s).*(?im)^(from|date|subject|message-id|mime-version|received|content-type|to|return-path|delivered-to):.*");
    }

    private static int increment(Options o, PrintStream out) {
        if (o.files.size() != 1) {
            throw new UsageException("increment-ticket-number needs the next counter value, e.g. 10000");
        }
        long next;
        try {
            next = Long.parseLong(o.files.get(0));
        } catch (NumberFormatException e) {
            throw new UsageException("'" + o.files.get(0) + "' is not a whole number");
        }
        Settings settings = Settings.load(o.conf, o.data, System.getenv());
        try (Database database = Database.openDerby(settings.dataDir().resolve("derby"))) {
            new TicketCounter(database, java.time.Clock.systemDefaultZone(), settings.ticketNumberStart()).incrementTo(next);
            out.println("the next ticket takes counter " + next);
        }
        return 0;
    }

    /**
     * Sets an employee's SMTP AUTH password: the first line of {@code in} (so scripts and password managers
     * can pipe it; nothing is echoed or logged), hashed into conf/employee-passwords. Restart to apply.
     */
    static int setPassword(Options o, InputStream in, PrintStream out) {
        if (o.files.size() != 1) {
            throw new UsageException("set-password needs the employee id, e.g. set-password alice");
        }
        String id = o.files.get(0);
        Settings settings = Settings.load(o.conf, o.data, System.getenv());
        org.ticketmail.store.directory.Directory directory;
        try {
            directory = org.ticketmail.store.directory.DirectoryFile.load(settings.confDir().resolve("directory.yaml"), "conf/directory.yaml");
        } catch (org.ticketmail.store.directory.DirectoryException e) {
            throw new ConfigException(e.getMessage());
        }
        if (directory.employee(id).filter(e -> e.active()).isEmpty()) {
            throw new ConfigException("conf/directory.yaml: '" + id + "' is not an active employee; set-password takes an employee id");
        }
        String password;
        try {
            java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            password = reader.readLine();
        } catch (IOException e) {
            throw new UsageException("cannot read the password from standard input (" + e.getMessage() + ")");
        }
        if (password == null || password.length() < 10) {
            throw new UsageException("give the password (at least 10 characters) on standard input, e.g. from a password manager");
        }
        EmployeePasswords.set(settings.confDir(), id, settings.supportDomain(), password);
        out.println(id + " logs in over SMTP AUTH as " + EmployeePasswords.login(id, settings.supportDomain()).asString()
                + "; restart ticketmail to apply");
        return 0;
    }

    /**
     * Releases a held mail: asks the running appliance on its status port ({@code POST /api/held/ID/release}, with
     * {@code status.token} when one is set), since only the running appliance may open the data directory.
     */
    static int release(Options o, Map<String, String> env, PrintStream out) {
        if (o.files.size() != 1) {
            throw new UsageException("release needs the id of a held mail (see GET /api/held), e.g. release 42");
        }
        long id;
        try {
            id = Long.parseLong(o.files.get(0));
        } catch (NumberFormatException e) {
            throw new UsageException("'" + o.files.get(0) + "' is not the id of a held mail (a whole number, see GET /api/held)");
        }
        out.println(post(Settings.load(o.conf, o.data, env), "/api/held/" + id + "/release", "release"));
        return 0;
    }

    /**
     * Clears an address marked failing after a permanent bounce, so ticket mail goes to it again: asks the running
     * appliance ({@code POST /api/failing/ADDRESS/clear}).
     */
    static int clearFailing(Options o, Map<String, String> env, PrintStream out) {
        if (o.files.size() != 1 || !o.files.get(0).contains("@")) {
            throw new UsageException("clear-failing needs the address that bounced (see GET /api/failing), e.g. clear-failing dana@acme.test");
        }
        String address = o.files.get(0).strip();
        out.println(post(Settings.load(o.conf, o.data, env), "/api/failing/"
                + java.net.URLEncoder.encode(address, StandardCharsets.UTF_8).replace("+", "%20") + "/clear", "clear-failing"));
        return 0;
    }

    /**
     * Imports tickets from a CSV file (README, "Importing tickets from CSV"): the running appliance checks every row
     * ({@code POST /api/import}) and, with {@code --apply} and no bad row, imports the file in one transaction. Prints
     * what was (or would be) imported and each bad row with its line; exit status 1 when any row is bad.
     */
    static int importTickets(Options o, Map<String, String> env, PrintStream out) {
        if (o.files.size() != 1) {
            throw new UsageException("import-tickets needs one CSV file, e.g. import-tickets tickets.csv (add --apply to import it)");
        }
        Path file = Path.of(o.files.get(0));
        String name = file.getFileName() == null ? o.files.get(0) : file.getFileName().toString();
        byte[] csv;
        try {
            csv = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(o.files.get(0) + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(o.files.get(0) + ": cannot read it (" + e.getMessage() + ")");
        }
        java.net.http.HttpResponse<String> response = send(Settings.load(o.conf, o.data, env), "/api/import?apply=" + o.apply + "&file="
                + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8), "import-tickets",
                java.net.http.HttpRequest.BodyPublishers.ofByteArray(csv), "text/csv; charset=utf-8", java.time.Duration.ofMinutes(10));
        if (response.statusCode() != 200 && response.statusCode() != 422) {
            throw new ConfigException(name + ": " + message(response));
        }
        com.fasterxml.jackson.databind.JsonNode report;
        try {
            report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new ConfigException(name + ": the appliance answered " + response.statusCode() + " with no report: " + response.body());
        }
        com.fasterxml.jackson.databind.JsonNode errors = report.path("errors");
        int imported = report.path("imported").size();
        int skipped = report.path("skipped").asInt();
        out.println(name + ": " + count(report.path("rows").asInt(), "row") + (errors.isEmpty() ? ", all good" : ", " + errors.size() + " bad"));
        for (com.fasterxml.jackson.databind.JsonNode e : errors) {
            out.println("line " + e.path("line").asInt() + ": " + e.path("reason").asText());
        }
        if (!errors.isEmpty()) {
            out.println(o.apply ? "nothing was imported: fix the bad rows and run it again"
                    : "nothing would be imported while a row is bad: fix them and run it again");
            return 1;
        }
        if (!o.apply) {
            out.println("would import " + count(imported, "ticket") + " and skip " + count(skipped, "row") + " imported before;"
                    + " nothing was written (add --apply to import)");
            return 0;
        }
        out.println("imported " + count(imported, "ticket") + ", skipped " + count(skipped, "row") + " imported before");
        for (com.fasterxml.jackson.databind.JsonNode i : report.path("imported")) {
            out.println("line " + i.path("line").asInt() + ": ticket " + i.path("number").asText());
        }
        return 0;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * POSTs an admin's action to the running appliance's status port (with {@code status.token} when one is set): only
     * the running appliance may open the data directory. Returns the answer's message; throws with it on an error.
     */
    private static String post(Settings settings, String path, String command) {
        java.net.http.HttpResponse<String> response = send(settings, path, command, java.net.http.HttpRequest.BodyPublishers.noBody(),
                null, java.time.Duration.ofSeconds(30));
        String message = message(response);
        if (response.statusCode() != 200) {
            throw new ConfigException(message);
        }
        return message;
    }

    /**
     * Sends an admin's action to the running appliance's status port; says how to start it when nothing answers.
     *
     * @param contentType the body's type, or null for none
     */
    private static java.net.http.HttpResponse<String> send(Settings settings, String path, String command,
                                                           java.net.http.HttpRequest.BodyPublisher body, String contentType,
                                                           java.time.Duration timeout) {
        String where = statusAddress(settings);
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + where + path))
                .timeout(timeout)
                .header(StatusServer.ACTION_HEADER, "ticketmail")
                .POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        settings.statusToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            return java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConfigException("no ticketmail answers on the status port " + where + " (" + e.getMessage() + "); " + command
                    + " works through the running appliance: start it, then run " + command + " again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(command + " interrupted");
        }
    }

    /** The answer's {@code message}, else its {@code error}, else its body. */
    private static String message(java.net.http.HttpResponse<String> response) {
        try {
            com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
            return body.has("message") ? body.get("message").asText() : body.path("error").asText(response.body());
        } catch (IOException e) {
            return response.body();
        }
    }

    /** Where this machine reaches the status server: host:port, the wildcard address as 127.0.0.1. */
    private static String statusAddress(Settings settings) {
        String host = settings.localHost();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + settings.statusPort();
    }

    /**
     * Asks {@code GET /health} of the appliance {@code --conf} describes (never needs {@code status.token}) until it
     * answers 200, for at most {@code --wait} seconds (default 0: once). The systemd unit's ExecStartPost: the service
     * counts as started only once it serves, without curl on the machine.
     */
    static int health(Options o, Map<String, String> env, PrintStream out) {
        Settings settings = Settings.load(o.conf, o.data, env);
        if (settings.statusPort() == 0) {
            throw new ConfigException("conf/ticketmail.properties: status.port is 0 (any free port), so health cannot know where to ask;"
                    + " set a port, e.g. status.port=8025");
        }
        String where = statusAddress(settings);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + where + "/health"))
                .timeout(java.time.Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + o.waitSeconds * 1_000_000_000L;
        String last;
        while (true) {
            try {
                int status = http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    out.println("ticketmail answers on " + where);
                    return 0;
                }
                last = "it answered " + status;
            } catch (IOException e) {
                last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigException("health interrupted");
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigException("health interrupted");
            }
        }
        throw new ConfigException("no healthy ticketmail on the status port " + where + " after " + o.waitSeconds + " s (" + last
                + "); see its log (journalctl -u ticketmail)");
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static final class Options {
        Path conf = Path.of(System.getProperty("ticketmail.conf", "conf"));
        Path data = Path.of(System.getProperty("ticketmail.data", "data"));
        Path rules;
        boolean json;
        boolean apply;
        boolean confGiven;
        long waitSeconds;
        final List<String> files = new ArrayList<>();

        static Options parse(List<String> args, boolean allowFiles, PrintStream err) {
            Options o = new Options();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--conf" -> {
                        o.conf = Path.of(value(args, ++i, a));
                        o.confGiven = true;
                    }
                    case "--data" -> o.data = Path.of(value(args, ++i, a));
                    case "--rules" -> o.rules = Path.of(value(args, ++i, a));
                    case "--json" -> o.json = true;
                    case "--apply" -> o.apply = true;
                    case "--wait" -> {
                        String v = value(args, ++i, a);
                        try {
                            o.waitSeconds = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            o.waitSeconds = -1;
                        }
                        if (o.waitSeconds < 0 || o.waitSeconds > 86_400) {
                            throw new UsageException("--wait '" + v + "' is not a number of seconds (0-86400), e.g. --wait 120");
                        }
                    }
                    default -> {
                        if (a.startsWith("--") || !allowFiles) {
                            throw new UsageException("unknown option '" + a + "'");
                        }
                        o.files.add(a);
                    }
                }
            }
            return o;
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new UsageException(option + " needs a value");
            }
            return args.get(i);
        }
    }

}
