package org.ticketmail.assembly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real appliance for a test class: the repository's conf/ copied to a temp directory, with test
 * ports, GreenMail as relay and the test directory; Derby in a temp data directory.
 */
final class ApplianceFixture implements AutoCloseable {
    static final String SUPPORT = "support@helpdesk.test";
    static final String DIRECTORY = """
            employees:
              - {id: alice, name: Alice Tech, addresses: [alice@helpdesk.test, alice.mobile@example.test], recipientOption: MANAGER}
              - {id: bob, name: Bob Manager, addresses: [bob@helpdesk.test], recipientOption: ACCOUNT_MANAGER}
              - {id: carol, name: Carol Dispatch, addresses: [carol@helpdesk.test], recipientOption: ALL}
              - {id: dave, name: Dave Subscriber, addresses: [dave@helpdesk.test], recipientOption: SUBSCRIBED}
              - {id: erin, name: Erin Vacation, addresses: [erin@helpdesk.test], recipientOption: OFF}
              - {id: frank, name: Frank Former, addresses: [frank@helpdesk.test], recipientOption: ALL, active: false}
              - {id: gina, name: Gina Limited, addresses: [gina@helpdesk.test], recipientOption: ALL, emailPrivilege: false}
              - {id: hal, name: Hal Shared, addresses: [hal@helpdesk.test, desk@helpdesk.test]}
              - {id: ivy, name: Ivy Shared, addresses: [ivy@helpdesk.test, desk@helpdesk.test]}
            accounts:
              - id: acme
                name: Acme Corp
                domains: [acme.test]
                accountManager: bob
                defaultTicketManager: alice
                contacts:
                  - {name: Dana Customer, address: dana@acme.test, main: true}
                  - {name: Ed Elsewhere, address: ed@gmail.test}
              - id: globex
                name: Globex
                domains: [globex.test]
                defaultTicketManager: dave
            """;

    final Path root;
    final Appliance appliance;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private ApplianceFixture(Path root, Appliance appliance) {
        this.root = root;
        this.appliance = appliance;
    }

    /** Starts an appliance relaying to {@code relayPort}, with extra properties appended. */
    static ApplianceFixture start(int relayPort, Map<String, String> extraProperties) throws Exception {
        return start(relayPort, extraProperties, conf -> { });
    }

    /** As {@link #start(int, Map)}, letting {@code editConf} change the copied conf/ first. */
    static ApplianceFixture start(int relayPort, Map<String, String> extraProperties, java.util.function.Consumer<Path> editConf)
            throws Exception {
        return start(relayPort, extraProperties, editConf, java.util.List.of());
    }

    /** As {@link #start(int, Map, java.util.function.Consumer)}, with Guice modules that override bindings (DKIM keys). */
    static ApplianceFixture start(int relayPort, Map<String, String> extraProperties, java.util.function.Consumer<Path> editConf,
                                  java.util.List<com.google.inject.Module> overrides) throws Exception {
        return start(relayPort, extraProperties, editConf, overrides, DIRECTORY);
    }

    /** As above, with {@code directory} as conf/directory.yaml. */
    static ApplianceFixture start(int relayPort, Map<String, String> extraProperties, java.util.function.Consumer<Path> editConf,
                                  java.util.List<com.google.inject.Module> overrides, String directory) throws Exception {
        return start(relayPort, extraProperties, editConf, overrides, directory, java.time.Clock.systemDefaultZone());
    }

    /** As above, the store and the service levels going by {@code clock}. */
    static ApplianceFixture start(int relayPort, Map<String, String> extraProperties, java.util.function.Consumer<Path> editConf,
                                  java.util.List<com.google.inject.Module> overrides, String directory, java.time.Clock clock)
            throws Exception {
        Path root = Files.createTempDirectory("ticketmail-test");
        Path conf = root.resolve("conf");
        copy(repoConf(), conf);
        editConf.accept(conf);
        Files.writeString(conf.resolve("directory.yaml"), directory);
        StringBuilder props = new StringBuilder();
        props.append("support.address=").append(SUPPORT).append('\n')
                .append("listen.address=127.0.0.1\n")
                .append("smtp.port=").append(freePort()).append('\n')
                .append("imap.port=").append(freePort()).append('\n')
                .append("status.port=0\n")
                .append("relay=127.0.0.1:").append(relayPort).append('\n')
                // Test classes send many mails from one customer within minutes; LoopIntegrationTest sets its own limits.
                .append("limits.acknowledgmentsPerHour=10000\nlimits.senderMailsPerHour=10000\nlimits.ticketMailsPerHour=10000\n");
        extraProperties.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
        Files.writeString(conf.resolve("ticketmail.properties"), props.toString());
        Settings settings = Settings.load(conf, root.resolve("data"), Map.of());
        return new ApplianceFixture(root, Appliance.start(settings, overrides, clock));
    }

    static Path repoConf() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("conf/ticketmail.properties")) && Files.isDirectory(p.resolve("conf/james"))) {
                return p.resolve("conf");
            }
        }
        throw new IllegalStateException("no conf/ above " + here);
    }

    int smtpPort() {
        return appliance.settings().smtpPort();
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.statusPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode node = json.readTree(r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("httpStatus", r.statusCode());
        return node;
    }

    /** How many times the SLA thread has measured every open ticket (and then closed idle ones), from /metrics. */
    long slaRuns() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.statusPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith("ticketmail_sla_evaluations_total")).map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .mapToLong(v -> (long) Double.parseDouble(v)).findFirst().orElse(0);
    }

    /** Waits until the SLA thread has run {@code runs} more times: whatever it would send or close, it has. */
    void awaitSlaRuns(int runs) throws IOException, InterruptedException {
        long target = slaRuns() + runs;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> slaRuns() >= target);
    }

    JsonNode ticket(String number) throws IOException, InterruptedException {
        return get("/api/tickets/" + number);
    }

    /** {@code ticketmail release ID} as an admin runs it on the host: exit status, standard output, standard error. */
    String[] release(String id) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        java.io.PrintStream e = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        int status;
        try {
            status = Main.release(Main.Options.parse(java.util.List.of("--conf", root.resolve("conf").toString(), id), true, e),
                    java.util.Map.of("TICKETMAIL_STATUS_PORT", Integer.toString(appliance.statusPort())), o);
        } catch (ConfigException | Main.UsageException x) {
            status = x instanceof ConfigException ? 1 : 2;
            e.print(x.getMessage());
        }
        return new String[] {Integer.toString(status), out.toString(java.nio.charset.StandardCharsets.UTF_8).strip(),
                err.toString(java.nio.charset.StandardCharsets.UTF_8).strip()};
    }

    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("Ticket \\[(\\d{4}-\\d{4,})\\]");

    /** The ticket number in a subject's tag; fails the test when there is none. */
    static String ticketNumber(String subject) {
        java.util.regex.Matcher m = TAG.matcher(subject);
        if (!m.find()) {
            throw new AssertionError("no ticket tag in '" + subject + "'");
        }
        return m.group(1);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Override
    public void close() {
        appliance.close();
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
