package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The Debian package on this machine, end to end: {@code dpkg -i} (its dependencies from apt when missing), the user,
 * files, permissions and conffiles; the service started from its installed unit; a mail over SMTP recorded and
 * delivered through the relay; an upgrade that keeps an admin's edit and the tickets; {@code dpkg -r}, {@code dpkg -P}.
 *
 * <p>Where systemd runs (PID 1), the test uses {@code systemctl}. Where it does not (containers, CI), a stand-in
 * starts the service as systemd would: it reads {@code User}, {@code Group}, {@code WorkingDirectory},
 * {@code Environment}, {@code UMask}, {@code ExecStart} and {@code ExecStartPost} from the installed unit and runs
 * them as that user with {@code setpriv} (no new privileges, an empty capability bounding set when the unit has
 * one), waits for the ExecStartPost health check within {@code TimeoutStartSec}, and stops with SIGTERM within
 * {@code TimeoutStopSec}, accepting {@code SuccessExitStatus}. The other sandboxing lines are checked by
 * {@code systemd-analyze verify} only.
 *
 * <p>Runs in failsafe's integration-test phase (after package built the .deb), as root with dpkg only, and only
 * when no ticketmail is installed here: it never touches a real installation. Runs of several checkouts on one
 * machine take turns on a lock file.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DebianPackageIT {
    private static final Path OPT = Path.of("/opt/ticketmail");
    private static final Path ETC = Path.of("/etc/ticketmail");
    private static final Path DATA = Path.of("/var/lib/ticketmail");
    private static final Path UNIT = Path.of("/lib/systemd/system/ticketmail.service");
    private static final Path WANTS = Path.of("/etc/systemd/system/multi-user.target.wants/ticketmail.service");
    private static final Path MASK = Path.of("/etc/systemd/system/ticketmail.service");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void packageShouldInstallServeMailKeepAnEditedConffileOnUpgradeAndPurgeCleanly() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "Debian packages need Linux");
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0, "dpkg -i needs root");
        assumeTrue(onPath("dpkg") && onPath("dpkg-deb") && onPath("setpriv"), "needs dpkg, dpkg-deb and setpriv (a Debian machine)");
        String built = System.getProperty("ticketmail.deb");
        assumeTrue(built != null, "runs under failsafe (mvn verify), which names the package built in package; not under surefire");
        Path deb = Path.of(built);
        assumeTrue(Files.isRegularFile(deb), "no " + deb + ": mvn verify builds it in package");

        try (FileChannel lockFile = FileChannel.open(Path.of(System.getProperty("java.io.tmpdir"), "ticketmail-debian-package-it.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            assumeTrue(!installed() && !userExists() && Stream.of(OPT, ETC, DATA).noneMatch(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS)),
                    "ticketmail is installed on this machine (package, user or directories); the test leaves it alone");
            Service service = Files.isDirectory(Path.of("/run/systemd/system")) ? new Systemd() : new StandIn(dir.resolve("service.log"));
            GreenMail relay = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            relay.start();
            try {
                run(deb, service, relay);
            } finally {
                service.stop(false);
                relay.stop();
                cleanUp();
            }
        }
    }

    private void run(Path deb, Service service, GreenMail relay) throws Exception {
        long t0 = System.nanoTime();
        install(deb);
        log("installed %s in %d s", deb.getFileName(), seconds(t0));
        checkInstalled();

        // The admin's edit: free ports and the relay. It also has to survive the upgrade below.
        int smtp = ApplianceFixture.freePort();
        int status = ApplianceFixture.freePort();
        Path properties = ETC.resolve("ticketmail.properties");
        String edited = Files.readString(properties)
                .replaceFirst("(?m)^smtp\\.port=.*$", "smtp.port=" + smtp)
                .replaceFirst("(?m)^imap\\.port=.*$", "imap.port=" + ApplianceFixture.freePort())
                .replaceFirst("(?m)^status\\.port=.*$", "status.port=" + status)
                .replaceFirst("(?m)^relay=.*$", "relay=127.0.0.1:" + relay.getSmtp().getPort());
        Files.writeString(properties, edited);

        long t1 = System.nanoTime();
        service.start();
        log("started by %s in %d s", service, seconds(t1));
        String started = Instant.now().minusSeconds(60).toString();
        String subject = "Printer broken " + System.nanoTime();
        try (RawSmtp client = new RawSmtp(smtp)) {
            RawSmtp.Reply reply = client.send("dana@acme.test", List.of("support@helpdesk.test"), mail(subject));
            assertThat(reply.accepted()).as("the reply to DATA: %s", reply).isTrue();
        }
        String number = awaitTicket(status, started, subject);
        MimeMessage acknowledgment = awaitDelivery(relay, "dana@acme.test");
        assertThat(acknowledgment.getSubject()).contains("Ticket [" + number + "]");
        log("mail to support@helpdesk.test became ticket %s; the acknowledgment went through the relay to dana@acme.test", number);
        service.stop(true);
        try (Stream<Path> files = Files.walk(DATA)) {
            assertThat(files.filter(p -> !ownerOf(p).equals("ticketmail"))).as("files in %s the service did not write as ticketmail", DATA).isEmpty();
        }

        long t2 = System.nanoTime();
        Path newer = upgraded(deb);
        String ackBefore = Files.readString(ETC.resolve("templates/acknowledgment.txt"));
        install(newer);
        log("upgraded to %s in %d s", version(), seconds(t2));
        assertThat(Files.readString(properties)).as("the admin's edit of a conffile").isEqualTo(edited);
        assertThat(Files.readString(ETC.resolve("templates/acknowledgment.txt"))).as("a conffile the admin did not edit")
                .isEqualTo(ackBefore + "# changed by the upgrade\n");
        try (Stream<Path> files = Files.list(ETC)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".dpkg-"));
        }
        checkOwners();
        service.start();
        assertThat(get(status, "/api/tickets/" + number).path("subject").asText()).as("ticket %s after the upgrade", number).isEqualTo(subject);
        service.stop(true);

        long t3 = System.nanoTime();
        dpkg("-r", "ticketmail");
        assertThat(status()).isEqualTo("deinstall ok config-files");
        assertThat(OPT).doesNotExist();
        assertThat(UNIT).doesNotExist();
        assertThat(properties).exists();
        assertThat(DATA.resolve("derby")).isDirectory();
        assertThat(userExists()).as("the user after dpkg -r").isTrue();
        String purgeOutput = dpkg("-P", "ticketmail");
        assertThat(purgeOutput).contains("purge removes /var/lib/ticketmail").contains("purge removes the system user ticketmail");
        assertThat(installed()).as("dpkg knows ticketmail after dpkg -P").isFalse();
        assertThat(ETC).doesNotExist();
        assertThat(DATA).doesNotExist();
        assertThat(userExists()).as("the user after dpkg -P").isFalse();
        assertThat(sh("getent group ticketmail").exit()).as("getent group ticketmail after dpkg -P").isNotZero();
        assertThat(WANTS).doesNotExist();
        assertThat(Files.exists(MASK, LinkOption.NOFOLLOW_LINKS)).as(MASK + " after dpkg -P").isFalse();
        log("removed and purged in %d s; dpkg -P said: %s", seconds(t3), purgeOutput.strip().replace("\n", " | "));
    }

    /** dpkg -i; when the machine lacks a dependency (a JRE), apt-get installs it and finishes the configuration. */
    private void install(Path deb) throws Exception {
        Result r = exec(List.of("dpkg", "-i", deb.toString()), Duration.ofMinutes(3));
        if (r.exit() != 0) {
            assertThat(r.output()).as("dpkg -i").contains("dependency problems");
            log("dpkg -i is missing dependencies; apt-get installs them");
            Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
            if (exec(List.of("apt-get", "install", "-y", "-q", "-f"), env, Duration.ofMinutes(5)).exit() != 0) {
                check(exec(List.of("apt-get", "update", "-q"), env, Duration.ofMinutes(5)), "apt-get update");
                check(exec(List.of("apt-get", "install", "-y", "-q", "-f"), env, Duration.ofMinutes(5)), "apt-get install -f");
            }
        }
        assertThat(status()).as("dpkg status of ticketmail").isEqualTo("install ok installed");
    }

    private void checkInstalled() throws Exception {
        assertThat(sh("getent passwd ticketmail").output().strip()).matches("ticketmail:x:\\d+:\\d+:[^:]*:/var/lib/ticketmail:/usr/sbin/nologin");
        int uid = Integer.parseInt(sh("id -u ticketmail").output().strip());
        assertThat(uid).as("a system user's uid").isLessThan(1000);
        assertThat(Files.isExecutable(OPT.resolve("bin/ticketmail"))).isTrue();
        try (Stream<Path> jars = Files.list(OPT.resolve("lib"))) {
            assertThat(jars.filter(p -> p.getFileName().toString().startsWith("ticketmail-assembly-"))).hasSize(1);
        }
        assertThat(OPT.resolve("conf").toRealPath()).isEqualTo(ETC);
        assertThat(OPT.resolve("data").toRealPath()).isEqualTo(DATA);
        checkOwners();
        assertThat(mode(ETC.resolve("directory.yaml"))).isEqualTo("rw-r--r--");
        String conffiles = exec(List.of("dpkg-query", "-W", "-f=${Conffiles}", "ticketmail"), Duration.ofSeconds(30)).output();
        for (String f : List.of("ticketmail.properties", "employee-passwords", "directory.yaml", "james/mailetcontainer.xml",
                "templates/acknowledgment.txt")) {
            assertThat(conffiles).as("conffiles").contains(ETC.resolve(f) + " ");
        }
        assertThat(UNIT).isRegularFile();
        if (onPath("deb-systemd-helper")) {
            assertThat(Files.isSymbolicLink(WANTS)).as(WANTS + ": enabled").isTrue();
        }
        if (onPath("systemd-analyze")) {
            Result verify = exec(List.of("systemd-analyze", "verify", UNIT.toString()), Duration.ofSeconds(60));
            assertThat(verify.exit()).as("systemd-analyze verify: %s", verify.output()).isZero();
            assertThat(verify.output().lines().filter(l -> l.contains("ticketmail"))).as("systemd-analyze verify").isEmpty();
        }
    }

    /** Root writes the configuration, the service reads it, nobody else does; the data is the service's alone. */
    private void checkOwners() throws IOException {
        assertThat(ownerGroupMode(ETC)).isEqualTo("root:ticketmail rwxr-x---");
        assertThat(ownerGroupMode(ETC.resolve("ticketmail.properties"))).isEqualTo("root:ticketmail rw-r-----");
        assertThat(ownerGroupMode(ETC.resolve("employee-passwords"))).isEqualTo("root:ticketmail rw-r-----");
        assertThat(ownerGroupMode(DATA)).isEqualTo("ticketmail:ticketmail rwxr-x---");
    }

    /** The package again with a higher version and a changed template (a conffile the admin did not edit). */
    private Path upgraded(Path deb) throws Exception {
        Path tree = dir.resolve("upgrade");
        check(exec(List.of("dpkg-deb", "-R", deb.toString(), tree.toString()), Duration.ofMinutes(2)), "dpkg-deb -R");
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: (.*)$", "Version: $1+upgrade"));
        String template = "etc/ticketmail/templates/acknowledgment.txt";
        Files.writeString(tree.resolve(template), "# changed by the upgrade\n", StandardOpenOption.APPEND);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(tree.resolve(template))));
        Path md5sums = tree.resolve("DEBIAN/md5sums");
        Files.writeString(md5sums, Files.readAllLines(md5sums).stream()
                .map(l -> l.endsWith("  " + template) ? md5 + "  " + template : l).collect(Collectors.joining("\n", "", "\n")));
        Path out = dir.resolve("ticketmail-upgrade.deb");
        check(exec(List.of("dpkg-deb", "-Znone", "-b", tree.toString(), out.toString()), Duration.ofMinutes(2)), "dpkg-deb -b");
        return out;
    }

    /** Best effort, whatever failed: no service, no package, no user, no directories left behind. */
    private void cleanUp() {
        try {
            if (!status().isEmpty()) {
                Result purge = exec(List.of("dpkg", "-P", "ticketmail"), Duration.ofMinutes(2));
                if (purge.exit() != 0) {
                    exec(List.of("dpkg", "-P", "--force-remove-reinstreq", "ticketmail"), Duration.ofMinutes(2));
                }
            }
            if (userExists()) {
                sh("userdel ticketmail");
            }
            sh("getent group ticketmail >/dev/null && groupdel ticketmail");
            for (Path p : List.of(OPT, ETC, DATA)) {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    exec(List.of("rm", "-rf", p.toString()), Duration.ofSeconds(60));
                }
            }
        } catch (Exception e) {
            log("cleaning up failed: %s", e);
        }
    }

    /** How the service is started and stopped: by systemd, or by the stand-in. */
    interface Service {
        void start() throws Exception;

        /** Stops it; {@code check}: fail when it does not stop cleanly in time. */
        void stop(boolean check) throws Exception;
    }

    /** systemd runs here: the unit as it is, through systemctl. */
    private final class Systemd implements Service {
        @Override
        public void start() throws Exception {
            Result r = exec(List.of("systemctl", "restart", "ticketmail"), Duration.ofMinutes(4));
            if (r.exit() != 0) {
                throw new AssertionError("systemctl restart ticketmail: " + r.output() + "\n" + journal());
            }
        }

        @Override
        public void stop(boolean check) throws Exception {
            if (!status().equals("install ok installed")) {
                return;
            }
            Result r = exec(List.of("systemctl", "stop", "ticketmail"), Duration.ofMinutes(3));
            if (check) {
                assertThat(r.exit()).as("systemctl stop ticketmail: %s", r.output()).isZero();
                assertThat(exec(List.of("systemctl", "is-failed", "ticketmail"), Duration.ofSeconds(30)).output().strip())
                        .as("after systemctl stop:\n%s", journal()).isNotEqualTo("failed");
            }
        }

        private String journal() throws Exception {
            return exec(List.of("journalctl", "-u", "ticketmail", "--no-pager", "-n", "200"), Duration.ofSeconds(30)).output();
        }

        @Override
        public String toString() {
            return "systemctl";
        }
    }

    /** No systemd here: the installed unit's lines, run as systemd would run them (see the class comment). */
    private final class StandIn implements Service {
        private final Path log;
        private Process main;

        StandIn(Path log) {
            this.log = log;
        }

        @Override
        public void start() throws Exception {
            Map<String, List<String>> unit = serviceSection(Files.readString(UNIT));
            assertThat(one(unit, "Type")).isEqualTo("simple");
            Duration startTimeout = Duration.ofSeconds(Long.parseLong(one(unit, "TimeoutStartSec")));
            main = asUser(unit, one(unit, "ExecStart")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Process check = asUser(unit, one(unit, "ExecStartPost")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (!check.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (!main.isAlive() || System.nanoTime() > deadline) {
                    check.destroyForcibly().waitFor();
                    throw new AssertionError("ExecStart " + (main.isAlive() ? "did not become healthy within " + startTimeout.toSeconds()
                            + " s" : "exited with " + main.exitValue()) + "; its output:\n" + output());
                }
            }
            if (check.exitValue() != 0) {
                throw new AssertionError("ExecStartPost (the health check) exited with " + check.exitValue() + "; the output:\n" + output());
            }
        }

        @Override
        public void stop(boolean check) throws Exception {
            if (main == null) {
                return;
            }
            Process p = main;
            main = null;
            Map<String, List<String>> unit = serviceSection(Files.readString(UNIT));
            long timeout = Long.parseLong(one(unit, "TimeoutStopSec"));
            p.destroy();
            if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                if (check) {
                    throw new AssertionError("SIGTERM did not stop the service within TimeoutStopSec=" + timeout + "; its output:\n" + output());
                }
            }
            if (check) {
                List<String> success = new ArrayList<>(List.of("0"));
                success.addAll(unit.getOrDefault("SuccessExitStatus", List.of()));
                assertThat(success).as("exit status %d after SIGTERM, not a SuccessExitStatus; the output:\n%s", p.exitValue(), output())
                        .contains(Integer.toString(p.exitValue()));
            }
        }

        /** A command line of the unit as systemd runs it: the user and group, no new privileges, the environment. */
        private ProcessBuilder asUser(Map<String, List<String>> unit, String commandLine) throws Exception {
            String user = one(unit, "User");
            String group = unit.containsKey("Group") ? one(unit, "Group") : user;
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups"));
            if (unit.getOrDefault("NoNewPrivileges", List.of()).contains("yes")) {
                command.add("--no-new-privs");
            }
            if (unit.getOrDefault("CapabilityBoundingSet", List.of()).contains("")) {
                command.add("--bounding-set=-all");
            }
            String umask = unit.containsKey("UMask") ? one(unit, "UMask") : "0022";
            command.addAll(List.of("--", "/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
            command.addAll(List.of(commandLine.split("\\s+")));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.directory(new java.io.File(unit.containsKey("WorkingDirectory") ? one(unit, "WorkingDirectory") : "/"));
            Map<String, String> env = pb.environment();
            env.clear();
            String[] passwd = sh("getent passwd " + user).output().strip().split(":");
            env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            env.put("USER", user);
            env.put("LOGNAME", user);
            env.put("HOME", passwd[5]);
            env.put("SHELL", passwd[6]);
            for (String assignments : unit.getOrDefault("Environment", List.of())) {
                for (String a : assignments.split("\\s+")) {
                    env.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                }
            }
            return pb;
        }

        private String output() throws IOException {
            return Files.isRegularFile(log) ? Files.readString(log) : "(none)";
        }

        @Override
        public String toString() {
            return "the systemd stand-in";
        }
    }

    /** The [Service] lines of a unit file: key to values, in order (a key may repeat, e.g. Environment). */
    static Map<String, List<String>> serviceSection(String unitFile) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        String section = "";
        for (String line : unitFile.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
            } else if (section.equals("[Service]") && line.contains("=")) {
                String key = line.substring(0, line.indexOf('=')).strip();
                lines.computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(line.indexOf('=') + 1).strip());
            }
        }
        return lines;
    }

    private static String one(Map<String, List<String>> unit, String key) {
        List<String> values = unit.get(key);
        assertThat(values).as("%s= in the unit", key).isNotNull().hasSize(1);
        return values.get(0);
    }

    private static byte[] mail(String subject) {
        return ("From: Dana Customer <dana@acme.test>\r\nTo: support@helpdesk.test\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + System.nanoTime() + "@acme.test>\r\nDate: " + new javax.mail.internet.MailDateFormat().format(new java.util.Date())
                + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe printer on floor 2 is broken.\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The number of the ticket with {@code subject} in the JSON view, once it is there. */
    private String awaitTicket(int status, String since, String subject) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode t : get(status, "/api/tickets?updatedSince=" + since).path("tickets")) {
                if (t.path("subject").asText().equals(subject)) {
                    return t.path("number").asText();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no ticket '" + subject + "' in /api/tickets within 60 s");
    }

    private static MimeMessage awaitDelivery(GreenMail relay, String recipient) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage m : relay.getReceivedMessages()) {
                if (Outside.addresses(m.getAllRecipients()).contains(recipient)) {
                    return m;
                }
            }
            relay.waitForIncomingEmail(500, relay.getReceivedMessages().length + 1);
        }
        throw new AssertionError("nothing for " + recipient + " reached the relay within 60 s");
    }

    private JsonNode get(int status, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + status + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    record Result(int exit, String output) {
    }

    private static Result exec(List<String> command, Duration timeout) throws Exception {
        return exec(command, Map.of(), timeout);
    }

    /** Runs a command with stdin closed (dpkg must not ask), its output and exit status. */
    private static Result exec(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        java.util.concurrent.CompletableFuture<String> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
        }
        return new Result(p.exitValue(), output.get(10, TimeUnit.SECONDS));
    }

    private static Result sh(String script) throws Exception {
        return exec(List.of("/bin/sh", "-c", script), Duration.ofSeconds(60));
    }

    private static void check(Result r, String what) {
        assertThat(r.exit()).as("%s: %s", what, r.output()).isZero();
    }

    private static String dpkg(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dpkg"));
        command.addAll(List.of(args));
        Result r = exec(command, Duration.ofMinutes(2));
        check(r, String.join(" ", command));
        return r.output();
    }

    /** dpkg's status of the package, e.g. "install ok installed"; empty when dpkg does not know it. */
    private static String status() throws Exception {
        Result r = exec(List.of("dpkg-query", "-W", "-f=${Status}", "ticketmail"), Duration.ofSeconds(30));
        return r.exit() == 0 ? r.output().strip() : "";
    }

    private static String version() throws Exception {
        return exec(List.of("dpkg-query", "-W", "-f=${Version}", "ticketmail"), Duration.ofSeconds(30)).output().strip();
    }

    private static boolean installed() throws Exception {
        return !status().isEmpty() && !status().startsWith("unknown ok not-installed");
    }

    private static boolean userExists() throws Exception {
        return sh("getent passwd ticketmail").exit() == 0;
    }

    private static boolean onPath(String command) throws Exception {
        return sh("command -v " + command).exit() == 0;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String ownerGroupMode(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
        return a.owner().getName() + ":" + a.group().getName() + " " + PosixFilePermissions.toString(a.permissions());
    }

    private static String ownerOf(Path p) {
        try {
            return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }

    private static void log(String format, Object... args) {
        System.out.println("DebianPackageIT: " + String.format(format, args));
    }
}
