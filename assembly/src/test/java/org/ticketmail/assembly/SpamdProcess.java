package org.ticketmail.assembly;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real SpamAssassin daemon for the tests (issue 14), from Debian's {@code spamd} package, which this class installs
 * with apt-get when it is missing (CI runs as root on Debian): listening on a free loopback port, with network tests
 * off ({@code --local}, so scores do not depend on DNS blocklists) and one test rule of ours on top of the stock rules.
 * The site configuration is a copy of /etc/spamassassin's plugin list with our {@code local.cf}; the rules are read
 * from the package's directory, not from sa-update's, so a machine with an empty sa-update directory scores the same.
 *
 * <p>The test rule: a body with {@link #SUSPECT_PHRASE} scores {@link #SUSPECT_SCORE} (the suspect band between the
 * default 3.0 and 5.0). GTUBE ({@link #GTUBE}) scores 1000.
 */
final class SpamdProcess implements AutoCloseable {
    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    static final String SUSPECT_PHRASE = "ticketmail-suspect-test-phrase";
    static final double SUSPECT_SCORE = 4.0;
    private static final Path SPAMD = Path.of("/usr/sbin/spamd");
    private static SpamdProcess shared;

    private final Process process;
    private final Path dir;
    final int port;

    private SpamdProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** One spamd for every test class of this JVM that does not stop it; stopped when the JVM ends. */
    static synchronized SpamdProcess shared() throws Exception {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            SpamdProcess s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return shared;
    }

    /** A spamd of its own, for a test that stops it. */
    static SpamdProcess start() throws Exception {
        installIfMissing();
        Path dir = Files.createTempDirectory("ticketmail-spamd");
        Path site = Files.createDirectories(dir.resolve("site"));
        try (Stream<Path> pre = Files.list(Path.of("/etc/spamassassin"))) {
            for (Path p : (Iterable<Path>) pre::iterator) {
                if (p.getFileName().toString().endsWith(".pre")) {
                    Files.copy(p, site.resolve(p.getFileName()));
                }
            }
        }
        Files.writeString(site.resolve("local.cf"), "body TICKETMAIL_TEST_SUSPECT /" + SUSPECT_PHRASE + "/\n"
                + "score TICKETMAIL_TEST_SUSPECT " + SUSPECT_SCORE + "\n"
                + "describe TICKETMAIL_TEST_SUSPECT a test rule of ticketmail's suite\n");
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        site.toFile().setReadable(true, false);
        site.toFile().setExecutable(true, false);
        int port = ApplianceFixture.freePort();
        List<String> command = new ArrayList<>(List.of(SPAMD.toString(), "--listen=127.0.0.1:" + port, "--allowed-ips=127.0.0.1",
                "--nouser-config", "--local", "--max-children=2", "--min-children=1", "--configpath=/usr/share/spamassassin",
                "--siteconfigpath=" + site, "--pidfile=" + dir.resolve("spamd.pid"), "-s", "stderr"));
        if (isRoot()) {
            // spamd will not run its children as root.
            command.addAll(List.of("-u", "debian-spamd", "-g", "debian-spamd", "--helper-home-dir=/var/lib/spamassassin"));
        }
        Path log = dir.resolve("spamd.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SpamdProcess spamd = new SpamdProcess(p, dir, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!spamd.answers()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                spamd.close();
                throw new IllegalStateException("spamd did not start on 127.0.0.1:" + port + ": " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return spamd;
    }

    /** host:port, as spam.spamd takes it. */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** Whether it answers PING with PONG, asked as the appliance asks it. */
    boolean answers() {
        try (org.ticketmail.mailets.Spamd client = new org.ticketmail.mailets.Spamd(null, "127.0.0.1", port, Duration.ofSeconds(5),
                java.time.Clock.systemUTC())) {
            return client.problem().isEmpty();
        }
    }

    /** Stops spamd and its children, and waits until its port is closed. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            for (int i = 0; i < 100 && answers(); i++) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Installs Debian's spamd when it is missing: {@code apt-get install spamd}, after {@code apt-get update} when the
     * package lists are stale. One JVM at a time (a file lock), since dpkg takes one.
     */
    private static void installIfMissing() throws Exception {
        if (Files.isExecutable(SPAMD)) {
            return;
        }
        if (!isRoot() || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new IllegalStateException("spamd is not installed and cannot be installed here (needs root and apt-get);"
                    + " install it with: apt-get install --no-install-recommends spamd spamc");
        }
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "ticketmail-spamd-install.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            if (Files.isExecutable(SPAMD)) {
                return;
            }
            Path log = Files.createTempFile("ticketmail-spamd-install", ".log");
            List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", "spamd", "spamc");
            if (run(install, log) != 0) {
                run(List.of("apt-get", "update"), log);
                if (run(install, log) != 0) {
                    List<String> lines = Files.readAllLines(log);
                    throw new IllegalStateException("apt-get install spamd failed:\n"
                            + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
                }
            }
        }
    }

    /** Runs an apt-get command, its output appended to {@code log} (not to the test JVM's own streams). */
    private static int run(List<String> command, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        return pb.start().waitFor();
    }
}
