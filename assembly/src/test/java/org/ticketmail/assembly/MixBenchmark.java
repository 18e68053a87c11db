package org.ticketmail.assembly;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;



/**
 * A benchmark, not a test: the real appliance (Derby, persistent ActiveMQ queues) in a child JVM with a 512 MiB heap,
 * fed a help-desk mix over SMTP (new tickets, customer replies with quoted history, employees' public replies,
 * internal notes, commands; 1 to 20 KB, some with an attachment), with a lightweight SMTP sink as the relay
 * ({@link MarkerSmtpSink}). Per mail, the latency runs from SMTP's 250 to the last message it caused arriving at
 * the relay (its distributed copy; the acknowledgment of a new ticket and the confirmation of a command count as
 * copies). The same mails go through a bare James relay (the same appliance with the support address routed
 * straight to RemoteDelivery: one copy each) in the same run. Two phases each: as fast as CLIENTS clients can
 * send (closed loop), then a fixed offered load (open loop, sent on a schedule). Prints figures, asserts nothing.
 *
 * <p>Run with {@code bench/mix/run.sh [MAILS] [CLIENTS]}; {@code -Dmix.rate=50}, {@code -Dmix.seconds=60} set the
 * fixed load, {@code -Dmix.seed=N} the mix, {@code -Dmix.jfr=FILE} records ticketmail's closed-loop phase with
 * Java Flight Recorder, {@code -Dmix.syscalls=true} counts its write and sync system calls with perf,
 * {@code -Dmix.threads=true} prints the server's CPU time by thread, {@code -Dmix.warmup=N} sets how many mails of
 * the mix warm each setup up (2000: fewer leave the JIT compiler using as much CPU as the pipeline), and
 * {@code -Dmix.serverOpts="-XX:+PrintCompilation ..."} adds JVM options to both servers (their output goes to each
 * setup's appliance.log). After the warm-up each setup settles in rounds of 500 mails until its JIT compiler threads
 * use less than {@code -Dmix.settle=0.10} of its CPU ({@code -Dmix.settleRounds=10} at most; 0 measures right after
 * the warm-up).
 */
public final class MixBenchmark {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String SUPPORT = ApplianceFixture.SUPPORT;
    private static final String ALICE = "Alice Tech <alice@helpdesk.test>";
    /** A phase is over when every mail has its copies, or when nothing arrived for this long (then it says what is missing). */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Once each mail has the copies it surely makes, the wait for those it may make (a confirmation) and for strays. */
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
    private static final AtomicInteger MARKERS = new AtomicInteger();

    private MixBenchmark() {
    }

    /** The kinds of mail in the mix, with their share (percent) and what each makes the pipeline send. */
    enum Kind {
        NEW("new ticket", 30, 2), // the copy to the employees and the acknowledgment
        CUSTOMER_REPLY("customer reply", 30, 1),
        EMPLOYEE_REPLY("employee reply", 20, 1),
        INTERNAL_NOTE("internal note", 10, 1),
        COMMAND("command", 10, 1); // the copy, and the confirmation when a command changed something

        final String label;
        final int percent;
        final int ticketmailCopies;

        Kind(String label, int percent, int ticketmailCopies) {
            this.label = label;
            this.percent = percent;
            this.ticketmailCopies = ticketmailCopies;
        }
    }

    record Mail(String marker, Kind kind, String sender, byte[] raw) {
        /** The same mail under another marker of the same length (mk0... becomes mk1...), for the second setup. */
        Mail remarked() {
            String other = "mk1" + marker.substring(3);
            String text = new String(raw, StandardCharsets.ISO_8859_1).replace(marker, other);
            return new Mail(other, kind, sender, text.getBytes(StandardCharsets.ISO_8859_1));
        }

        static List<Mail> remarked(List<Mail> mails) {
            return mails.stream().map(Mail::remarked).toList();
        }
    }

    record Customer(String name, String address) {
    }

    record PoolTicket(String number, Customer customer, String title) {
    }

    /** What one phase measured. */
    record Result(String setup, String phase, int mails, double acceptedPerSecond, double endToEndPerSecond, long[] latencyMicros,
                  long smtpP99Micros, int copies, int incomplete, double cpuSeconds, long peakHeap, long heapAfterGc, long gcMillis, // MiB, MiB, ms
                  Map<Kind, long[]> byKind, String syscalls) {
        long percentile(double p) {
            return MixBenchmark.percentile(latencyMicros, p);
        }
    }

    public static void main(String[] args) {
        try {
            benchmark(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // the clients' threads would keep the JVM up
        }
    }

    private static void benchmark(String[] args) throws Exception {
        int mails = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rate = Integer.getInteger("mix.rate", 50);
        int seconds = Integer.getInteger("mix.seconds", 60);
        long seed = Long.getLong("mix.seed", 42L);
        int warmUpMails = Integer.getInteger("mix.warmup", 2000);
        String jfr = System.getProperty("mix.jfr");
        boolean syscalls = Boolean.getBoolean("mix.syscalls");
        Path dir = Files.createTempDirectory("ticketmail-mix");
        System.out.printf("mix of %d mails from %d SMTP clients, then %d mails/s for %d s; seed %d; child JVMs -Xmx512m; logs in %s%n",
                mails, clients, rate, seconds, seed, dir);

        List<Result> results = new ArrayList<>();
        List<List<Mail>> rounds = new ArrayList<>();
        try (MarkerSmtpSink sink = new MarkerSmtpSink()) {
            // ticketmail first: its warm-up opens the tickets the replies of both setups refer to.
            Workload work = new Workload(new Random(seed));
            Setup ticketmail = Setup.launch("ticketmail", dir, sink, false);
            List<Mail> opening;
            List<Mail> warmUp;
            List<Mail> closed;
            List<Mail> fixed;
            try {
                opening = work.newTickets(100);
                run(ticketmail, "warm-up", opening, clients, sink, null, false);
                work.harvest(opening, sink);
                warmUp = work.mix(warmUpMails);
                closed = work.mix(mails);
                fixed = work.mix(rate * seconds);
                System.out.printf("%d tickets open for replies; mix sizes: %s%n", work.pool.size(), sizes(closed));
                run(ticketmail, "warm-up", warmUp, clients, sink, null, false);
                settle(ticketmail, rounds, work, clients, sink);
                results.add(run(ticketmail, "closed loop", closed, clients, sink, jfr, syscalls));
                results.add(runFixed(ticketmail, fixed, rate, sink));
            } finally {
                ticketmail.close();
            }
            Setup bare = Setup.launch("bare James relay", dir, sink, true);
            try {
                run(bare, "warm-up", Mail.remarked(opening), clients, sink, null, false);
                run(bare, "warm-up", Mail.remarked(warmUp), clients, sink, null, false);
                settle(bare, rounds, work, clients, sink);
                results.add(1, run(bare, "closed loop", Mail.remarked(closed), clients, sink, null, syscalls));
                results.add(runFixed(bare, Mail.remarked(fixed), rate, sink));
            } finally {
                bare.close();
            }
        }
        print(results, clients, rate);
    }

    /** Settling rounds of this many mails. */
    private static final int ROUND = 500;

    /**
     * Warms the setup further until its JIT compiler threads use less than {@code mix.settle} (default 0.10) of its CPU
     * over a round of {@link #ROUND} mails, at most {@code mix.settleRounds} (default 10) rounds: after a fixed warm-up
     * tiered compilation is still under way (tens of thousands of methods over the first minutes, at a falling rate),
     * and a phase measured meanwhile counts the compiler as the pipeline's cost. Both setups settle the same way on the
     * same mails ({@code rounds}, made by ticketmail's settling, more when the bare relay needs them).
     */
    private static void settle(Setup setup, List<List<Mail>> rounds, Workload work, int clients, MarkerSmtpSink sink) throws Exception {
        double goal = Double.parseDouble(System.getProperty("mix.settle", "0.10"));
        int max = Integer.getInteger("mix.settleRounds", 10);
        for (int i = 0; i < max; i++) {
            if (i == rounds.size()) {
                rounds.add(work.mix(ROUND));
            }
            Map<String, Long> before = setup.threadCpuNanos();
            run(setup, "settling", setup.bare ? Mail.remarked(rounds.get(i)) : rounds.get(i), clients, sink, null, false);
            Map<String, Long> after = setup.threadCpuNanos();
            long total = 0;
            long compiler = 0;
            for (Map.Entry<String, Long> e : after.entrySet()) {
                long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                total += used;
                if (e.getKey().contains("CompilerThre")) {
                    compiler += used;
                }
            }
            double share = total == 0 ? 0 : (double) compiler / total;
            System.out.printf("    JIT compiler threads: %.0f %% of the server's CPU in this round%n", share * 100);
            if (share < goal) {
                return;
            }
        }
        System.out.printf("    not settled after %d rounds (mix.settleRounds); measuring anyway%n", max);
    }

    // ---------------------------------------------------------------- the appliance in a child JVM

    /**
     * One appliance in its own JVM, watched from outside without costing it anything: CPU time from
     * {@code /proc/PID/stat}, heap and pauses from its GC log ({@code -Xlog:gc}; the heap peaks just before a
     * collection), a full collection and flight recordings through {@code jcmd}.
     */
    static final class Setup implements AutoCloseable {
        private static final Pattern PAUSE = Pattern.compile("Pause (.*) (\\d+)M->(\\d+)M\\(\\d+M\\) ([\\d.]+)ms");
        final String name;
        final boolean bare;
        final Process process;
        final int smtpPort;
        final Path gcLog;

        private Setup(String name, boolean bare, Process process, int smtpPort, Path gcLog) {
            this.name = name;
            this.bare = bare;
            this.process = process;
            this.smtpPort = smtpPort;
            this.gcLog = gcLog;
        }

        static Setup launch(String name, Path dir, MarkerSmtpSink sink, boolean bare) throws Exception {
            Path root = dir.resolve(bare ? "bare" : "ticketmail");
            Path conf = root.resolve("conf");
            ApplianceFixture.copy(ApplianceFixture.repoConf(), conf);
            Files.writeString(conf.resolve("directory.yaml"), ApplianceFixture.DIRECTORY);
            // Hundreds of mails per customer and ticket within minutes: no loop, so no limit.
            Files.writeString(conf.resolve("ticketmail.properties"), "\nlimits.acknowledgmentsPerHour=1000000\nlimits.senderMailsPerHour=1000000\n"
                    + "limits.ticketMailsPerHour=1000000\n", StandardOpenOption.APPEND);
            if (bare) {
                PipelineBenchmark.bareRelay(conf);
            }
            Path gcLog = root.resolve("gc.log");
            for (int attempt = 1; ; attempt++) {
                int smtpPort = ApplianceFixture.freePort();
                try {
                    Process p = ChildAppliance.launch(conf, root.resolve("data"), sink.port(), smtpPort, ApplianceFixture.freePort(),
                            root.resolve("appliance.log"), Duration.ofSeconds(120), serverOptions(gcLog));
                    return new Setup(name, bare, p, smtpPort, gcLog);
                } catch (IllegalStateException e) {
                    // A free port can be taken by another process before the child binds it: try other ports.
                    if (attempt == 3 || !Files.readString(root.resolve("appliance.log")).contains("Address already in use")) {
                        throw e;
                    }
                }
            }
        }

        /** GC logging, and the options of {@code -Dmix.serverOpts} (space-separated), e.g. -XX:+PrintCompilation. */
        private static List<String> serverOptions(Path gcLog) {
            List<String> options = new java.util.ArrayList<>(List.of("-Xlog:gc:file=" + gcLog));
            for (String o : System.getProperty("mix.serverOpts", "").trim().split("\\s+")) {
                if (!o.isEmpty()) {
                    options.add(o);
                }
            }
            return options;
        }

        private Map<String, Long> threadCpuAtStart;

        /**
         * User and system CPU time of the child so far by thread, threads of the same name but for their numbers together
         * (Linux keeps 15 characters of a thread's name). Threads that ended since are missing.
         */
        Map<String, Long> threadCpuNanos() throws java.io.IOException {
            Map<String, Long> byName = new java.util.HashMap<>();
            List<Path> tasks;
            try (java.util.stream.Stream<Path> list = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
                tasks = list.toList();
            }
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                byName.merge(name, cpuNanos(stat), Long::sum);
            }
            return byName;
        }

        /** With {@code -Dmix.threads=true}: notes each thread's CPU time now, for {@link #printThreadCpu}. */
        void markThreads() throws java.io.IOException {
            threadCpuAtStart = Boolean.getBoolean("mix.threads") ? threadCpuNanos() : null;
        }

        /** The CPU time each kind of thread used since {@link #markThreads}, per mail, most first. */
        void printThreadCpu(int mails) throws java.io.IOException {
            if (threadCpuAtStart == null) {
                return;
            }
            Map<String, Long> now = threadCpuNanos();
            List<Map.Entry<String, Long>> used = new ArrayList<>();
            now.forEach((name, nanos) -> used.add(Map.entry(name, nanos - threadCpuAtStart.getOrDefault(name, 0L))));
            used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
            StringBuilder line = new StringBuilder("    CPU ms per mail by thread:");
            for (Map.Entry<String, Long> e : used.subList(0, Math.min(12, used.size()))) {
                line.append(String.format(" %s %.1f;", e.getKey(), e.getValue() / 1e6 / mails));
            }
            System.out.println(line);
        }

        /** User and system CPU time of the child so far. */
        long cpuNanos() throws java.io.IOException {
            return cpuNanos(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")));
        }

        /** User and system CPU time in a process's or thread's {@code /proc/.../stat} line. */
        private static long cpuNanos(String stat) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // fields 14 and 15, at 100 ticks a second
        }

        long gcLogSize() throws java.io.IOException {
            return Files.size(gcLog);
        }

        /** From the GC log since {@code offset}: the peak heap, the pauses, and the heap after a full collection run now. */
        long[] heapSince(long offset) throws Exception {
            jcmd("GC.run");
            Thread.sleep(300);
            String log = new String(Files.readAllBytes(gcLog), StandardCharsets.UTF_8).substring((int) offset);
            long peak = 0;
            long pauses = 0;
            long afterGc = 0;
            for (String line : log.split("\n")) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    peak = Math.max(peak, Long.parseLong(m.group(2)));
                    if (m.group(1).startsWith("Full (Diagnostic Command)")) { // ours, from GC.run
                        afterGc = Long.parseLong(m.group(3));
                    } else {
                        pauses += Math.round(Double.parseDouble(m.group(4)));
                    }
                }
            }
            return new long[] {peak, afterGc, pauses};
        }

        void jcmd(String... command) throws Exception {
            List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid())));
            c.addAll(List.of(command));
            Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy(); // SIGTERM: the appliance's shutdown hook closes James, the queues and Derby
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    // ---------------------------------------------------------------- phases

    /** Sends {@code mails} as fast as {@code clients} SMTP clients can (one connection per mail), and waits for every copy. */
    static Result run(Setup setup, String phase, List<Mail> mails, int clients, MarkerSmtpSink sink, String jfr, boolean syscalls)
            throws Exception {
        long[] accepted = new long[mails.size()];
        long[] smtp = new long[mails.size()];
        Recording recording = jfr == null ? null : Recording.start(setup, jfr);
        Process perf = syscalls ? perf(setup) : null;
        setup.markThreads();
        long cpu0 = setup.cpuNanos();
        long gc0 = setup.gcLogSize();
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients, daemons());
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < mails.size(); i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    accepted[i] = send(setup.smtpPort, mails.get(i));
                    smtp[i] = accepted[i] - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return finish(setup, phase, mails, accepted, smtp, start, sink, cpu0, gc0, recording, perf);
    }

    /** Sends {@code mails} at {@code rate} per second on a schedule (a late accept does not hold the next mail back). */
    static Result runFixed(Setup setup, List<Mail> mails, int rate, MarkerSmtpSink sink) throws Exception {
        long[] accepted = new long[mails.size()];
        long[] smtp = new long[mails.size()];
        setup.markThreads();
        long cpu0 = setup.cpuNanos();
        long gc0 = setup.gcLogSize();
        ExecutorService pool = Executors.newCachedThreadPool(daemons());
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < mails.size(); i++) {
            long due = start + i * 1_000_000_000L / rate;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int n = i;
            futures.add(pool.submit(() -> {
                accepted[n] = send(setup.smtpPort, mails.get(n));
                smtp[n] = accepted[n] - due;
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return finish(setup, rate + " mails/s", mails, accepted, smtp, start, sink, cpu0, gc0, null, null);
    }

    private static Result finish(Setup setup, String phase, List<Mail> mails, long[] accepted, long[] smtp, long start, MarkerSmtpSink sink,
                                 long cpu0, long gcLogOffset, Recording recording, Process perf) throws Exception {
        long lastAccept = 0;
        for (long a : accepted) {
            lastAccept = Math.max(lastAccept, a);
        }
        int incomplete = awaitCopies(setup, mails, sink);
        long cpu = setup.cpuNanos() - cpu0;
        setup.printThreadCpu(mails.size());
        String counted = perf == null ? null : stopPerf(perf, mails.size());
        if (recording != null) {
            recording.stop();
        }
        long[] heap = setup.heapSince(gcLogOffset);
        long lastCopy = 0;
        int copies = 0;
        List<Long> latencies = new ArrayList<>();
        Map<Kind, List<Long>> byKind = new EnumMap<>(Kind.class);
        for (int i = 0; i < mails.size(); i++) {
            MarkerSmtpSink.Arrivals a = sink.arrivals(mails.get(i).marker());
            if (a == null) {
                continue;
            }
            copies += a.copies.get();
            lastCopy = Math.max(lastCopy, a.last.get());
            long micros = (a.last.get() - accepted[i]) / 1000;
            latencies.add(micros);
            byKind.computeIfAbsent(mails.get(i).kind(), k -> new ArrayList<>()).add(micros);
        }
        Map<Kind, long[]> kinds = new EnumMap<>(Kind.class);
        byKind.forEach((k, v) -> kinds.put(k, sorted(v)));
        Result r = new Result(setup.name, phase, mails.size(), mails.size() / ((lastAccept - start) / 1e9),
                mails.size() / ((lastCopy - start) / 1e9), sorted(latencies), percentile(sorted(smtp), 0.99) / 1000, copies, incomplete,
                cpu / 1e9, heap[0], heap[1], heap[2], kinds, counted);
        System.out.printf("  %-16s %-12s %5d mails: %6.1f accepted/s, %6.1f end-to-end/s, p50 %7.1f ms, p99 %7.1f ms%s%n", r.setup(),
                r.phase(), r.mails(), r.acceptedPerSecond(), r.endToEndPerSecond(), r.percentile(0.50) / 1000.0,
                r.percentile(0.99) / 1000.0, incomplete == 0 ? "" : ", " + incomplete + " mails missing copies");
        return r;
    }

    /** Waits until each mail has its copies, or nothing arrived for a while; returns how many mails lack copies. */
    private static int awaitCopies(Setup setup, List<Mail> mails, MarkerSmtpSink sink) throws InterruptedException {
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            int missing = 0;
            for (Mail m : mails) {
                MarkerSmtpSink.Arrivals a = sink.arrivals(m.marker());
                if (a == null || a.copies.get() < (setup.bare ? 1 : m.kind().ticketmailCopies)) {
                    missing++;
                }
            }
            int now = sink.messages();
            if (missing == 0) {
                // Settled when nothing more arrived for a while.
                long quiet = System.nanoTime();
                for (int n = sink.messages(); System.nanoTime() - quiet < SETTLE_NANOS; Thread.sleep(50)) {
                    if (sink.messages() != n) {
                        n = sink.messages();
                        quiet = System.nanoTime();
                    }
                }
                return 0;
            }
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                List<String> which = new ArrayList<>();
                for (Mail m : mails) {
                    MarkerSmtpSink.Arrivals a = sink.arrivals(m.marker());
                    int copies = a == null ? 0 : a.copies.get();
                    if (copies < (setup.bare ? 1 : m.kind().ticketmailCopies) && which.size() < 10) {
                        which.add(m.marker() + " (" + m.kind().label + ", " + copies + " copies)");
                    }
                }
                System.out.println("  still missing copies after " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s without a delivery: "
                        + which);
                return missing;
            }
            Thread.sleep(20);
        }
    }

    /** Sends one mail over a connection of its own; returns when SMTP answered the end of DATA with 250. */
    private static long send(int port, Mail mail) throws Exception {
        try (RawSmtp smtp = new RawSmtp(port)) {
            RawSmtp.Reply r = smtp.send(new InternetAddress(mail.sender()).getAddress(), List.of(SUPPORT), mail.raw());
            long t = System.nanoTime();
            if (!r.accepted()) {
                throw new IllegalStateException("the appliance refused " + mail.marker() + ": " + r.text());
            }
            return t;
        }
    }

    // ---------------------------------------------------------------- profiling aids

    /** A flight recording of the child: the "profile" settings, with waits from 1 ms and every file write and sync. */
    record Recording(Setup setup, String file) {
        static Recording start(Setup setup, String file) throws Exception {
            String jfc = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
            for (String e : List.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter", "jdk.SocketRead", "jdk.SocketWrite",
                    "jdk.FileForce", "jdk.FileWrite")) {
                String threshold = e.startsWith("jdk.File") ? "0 ms" : "1 ms";
                jfc = Pattern.compile("(<event name=\"" + Pattern.quote(e) + "\">.*?<setting name=\"threshold\"[^>]*>)[^<]*(<)", Pattern.DOTALL)
                        .matcher(jfc).replaceFirst("$1" + threshold + "$2");
            }
            Path settings = Files.createTempFile("mix", ".jfc");
            Files.writeString(settings, jfc);
            setup.jcmd("JFR.start", "name=mix", "settings=" + settings);
            return new Recording(setup, file);
        }

        void stop() throws Exception {
            setup.jcmd("JFR.stop", "name=mix", "filename=" + file);
            System.out.println("  flight recording of this phase: " + file);
        }
    }

    private static java.util.concurrent.ThreadFactory daemons() {
        return r -> {
            Thread t = new Thread(r, "mix-client");
            t.setDaemon(true);
            return t;
        };
    }

    /** perf counting the child's write and sync system calls (tracepoints: cheap, unlike strace). */
    private static Process perf(Setup setup) throws Exception {
        return new ProcessBuilder("perf", "stat", "-x", ",", "-e",
                "syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync,syscalls:sys_enter_write,syscalls:sys_enter_pwrite64",
                "-p", Long.toString(setup.process.pid())).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String stopPerf(Process perf, int mails) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
        String out = new String(perf.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        perf.waitFor();
        StringBuilder s = new StringBuilder();
        for (String line : out.split("\n")) {
            String[] f = line.split(",");
            if (f.length > 2 && f[2].startsWith("syscalls:sys_enter_")) {
                s.append(String.format(Locale.ROOT, "%s %.2f/mail  ", f[2].substring(19), Long.parseLong(f[0]) / (double) mails));
            }
        }
        return s.toString().trim();
    }

    // ---------------------------------------------------------------- the report

    private static void print(List<Result> results, int clients, int rate) {
        System.out.printf("%nAs fast as %d SMTP clients send (closed loop); latency: SMTP 250 to the last copy at the relay%n", clients);
        header();
        results.stream().filter(r -> r.phase().equals("closed loop")).forEach(MixBenchmark::row);
        Result bare = find(results, "bare James relay", "closed loop");
        Result tm = find(results, "ticketmail", "closed loop");
        System.out.printf("ticketmail / bare James: %.2f of the end-to-end rate, %.2f of the accept rate, %.1fx the CPU per mail%n",
                tm.endToEndPerSecond() / bare.endToEndPerSecond(), tm.acceptedPerSecond() / bare.acceptedPerSecond(),
                tm.cpuSeconds() / tm.mails() / (bare.cpuSeconds() / bare.mails()));
        System.out.printf("%nAt a fixed offered load of %d mails/s (open loop)%n", rate);
        header();
        results.stream().filter(r -> !r.phase().equals("closed loop")).forEach(MixBenchmark::row);
        System.out.printf("%nticketmail by kind of mail (latency ms, p50 / p95 / p99)%n%-20s %22s %22s%n", "kind", "closed loop",
                rate + " mails/s");
        Result tmFixed = find(results, "ticketmail", rate + " mails/s");
        for (Kind k : Kind.values()) {
            System.out.printf("%-20s %22s %22s%n", k.label + " " + k.percent + "%", triple(tm.byKind().get(k)), triple(tmFixed.byKind().get(k)));
        }
        for (Result r : results) {
            if (r.syscalls() != null) {
                System.out.printf("%s, %s: %s%n", r.setup(), r.phase(), r.syscalls());
            }
        }
    }

    private static void header() {
        System.out.printf("%-17s %6s %9s %9s %8s %8s %8s %8s %7s %9s %7s %7s %6s%n", "setup", "mails", "accept/s", "e2e/s", "p50 ms",
                "p95 ms", "p99 ms", "smtp p99", "copies", "CPU s/1k", "peak MB", "GC'd MB", "GC ms");
    }

    private static void row(Result r) {
        System.out.printf("%-17s %6d %9.1f %9.1f %8.1f %8.1f %8.1f %8.1f %7d %9.1f %7d %7d %6d%s%n", r.setup(), r.mails(), r.acceptedPerSecond(),
                r.endToEndPerSecond(), r.percentile(0.50) / 1000.0, r.percentile(0.95) / 1000.0, r.percentile(0.99) / 1000.0,
                r.smtpP99Micros() / 1000.0, r.copies(), r.cpuSeconds() * 1000 / r.mails(), r.peakHeap(), r.heapAfterGc(),
                r.gcMillis(), r.incomplete() == 0 ? "" : "  (" + r.incomplete() + " mails missing copies)");
    }

    private static String triple(long[] sorted) {
        if (sorted == null || sorted.length == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", percentile(sorted, 0.5) / 1000.0, percentile(sorted, 0.95) / 1000.0,
                percentile(sorted, 0.99) / 1000.0);
    }

    private static Result find(List<Result> results, String setup, String phase) {
        return results.stream().filter(r -> r.setup().equals(setup) && r.phase().equals(phase)).findFirst().orElseThrow();
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        java.util.Arrays.sort(copy);
        return copy;
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p) - 1 < 0 ? 0 : (int) Math.ceil(sorted.length * p) - 1)];
    }

    private static String sizes(List<Mail> mails) {
        long[] s = mails.stream().mapToLong(m -> m.raw().length).sorted().toArray();
        long attachments = mails.stream().filter(m -> new String(m.raw(), StandardCharsets.ISO_8859_1).contains("Content-Disposition: attachment"))
                .count();
        return String.format(Locale.ROOT, "median %.1f KB, p90 %.1f KB, max %.1f KB, %d%% with an attachment", percentile(s, 0.5) / 1024.0,
                percentile(s, 0.9) / 1024.0, s[s.length - 1] / 1024.0, attachments * 100 / mails.size());
    }

    // ---------------------------------------------------------------- the mix

    /** Makes the mails: who writes what to which ticket, in which size. Deterministic for a seed and the tickets opened. */
    static final class Workload {
        private static final String[] TITLES = {"Printer on floor 2 jams", "VPN drops every hour", "Cannot open the invoice PDF",
            "New laptop for Sara", "Outlook keeps asking for my password", "Scanner sends empty pages", "Shared drive is read-only",
            "Phone on reception has no dial tone", "Order 4471 never arrived", "Website contact form returns an error",
            "Licence renewal for the CAD software", "Wifi in meeting room B is slow", "Backup job failed last night",
            "Monitor flickers after the update", "Cannot log in to the ERP", "Toner low on the colour printer"};
        private static final String[] SENTENCES = {"Since this morning the problem is back and nobody on the team can work around it.",
            "I restarted the machine twice as suggested, but the same message comes up after a few minutes.",
            "The error says that the connection was reset by the peer, then the window closes.",
            "We have a deadline on Friday, so it would help a lot if someone could look at it today.",
            "It happens on the three computers in the accounting office, not on the ones upstairs.",
            "I attached a screenshot of the message and the log file the tool wrote.",
            "Could you tell me whether this is a known issue and when we can expect a fix?",
            "The last time this happened you replaced a part, and it worked fine for two months.",
            "Our contact person for this is Maria in purchasing, in case you need the order details.",
            "Please call me on my mobile if that is easier, I am in the office until five.",
            "The update from last week seems to have changed the settings for the whole department.",
            "I checked the cables and the power supply, everything looks normal from here."};
        private static final String[] ANSWERS = {"Thank you for the details, I had a look at the logs this morning.",
            "The cause is a certificate that expired on the server; I renewed it, please try again.",
            "I scheduled a visit for Thursday morning to replace the part, someone will be there at nine.",
            "Could you send us the serial number from the label at the back of the device?",
            "We pushed a fix to all machines of your department; a restart is needed for it to apply.",
            "I asked the vendor for a replacement and will let you know when it ships."};
        private static final String[] COMMANDS = {"#priority high", "#assign bob", "#status pending-third-party", "#priority normal\n#status assigned"};

        private final Random random;
        private final List<Customer> customers = new ArrayList<>();
        final List<PoolTicket> pool = new ArrayList<>();
        private final Map<String, Customer> openedBy = new HashMap<>();
        private final Map<String, String> titleOf = new HashMap<>();

        Workload(Random random) {
            this.random = random;
            customers.add(new Customer("Dana Customer", "dana@acme.test"));
            for (int i = 1; i <= 20; i++) {
                customers.add(new Customer("Acme User " + i, "user" + i + "@acme.test"));
            }
            for (int i = 1; i <= 10; i++) {
                customers.add(new Customer("Globex User " + i, "user" + i + "@globex.test"));
            }
            for (int i = 1; i <= 5; i++) {
                customers.add(new Customer("Somebody " + i, "somebody" + i + "@mail.example")); // no account: the dispatcher's
            }
        }

        List<Mail> newTickets(int n) throws Exception {
            List<Mail> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(make(Kind.NEW));
            }
            return out;
        }

        /** Takes the ticket each opening mail made from what arrived at the relay. */
        void harvest(List<Mail> opening, MarkerSmtpSink sink) {
            for (Mail m : opening) {
                MarkerSmtpSink.Arrivals a = sink.arrivals(m.marker());
                if (a != null && a.ticket != null) {
                    pool.add(new PoolTicket(a.ticket, openedBy.get(m.marker()), titleOf.get(m.marker())));
                }
            }
            if (pool.isEmpty()) {
                throw new IllegalStateException("no ticket was opened by the warm-up; see the appliance log");
            }
        }

        List<Mail> mix(int n) throws Exception {
            List<Mail> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int r = random.nextInt(100);
                Kind kind = Kind.NEW;
                for (Kind k : Kind.values()) {
                    if (r < k.percent) {
                        kind = k;
                        break;
                    }
                    r -= k.percent;
                }
                out.add(make(kind));
            }
            return out;
        }

        private Mail make(Kind kind) throws Exception {
            String marker = String.format("mk%07d", MARKERS.incrementAndGet());
            PoolTicket t = pool.isEmpty() ? null : pool.get(random.nextInt(pool.size()));
            int size = size();
            MimeMessage m = new MimeMessage(SESSION) {
                @Override
                protected void updateMessageID() throws javax.mail.MessagingException {
                    setHeader("Message-ID", "<" + marker + "." + Long.toHexString(random.nextLong()) + "@client.test>");
                }
            };
            String text;
            boolean attachment = false;
            String sender;
            switch (kind) {
                case NEW -> {
                    Customer c = customers.get(random.nextInt(customers.size()));
                    String title = TITLES[random.nextInt(TITLES.length)];
                    sender = address(c);
                    m.setSubject(title + " (ref " + marker + ")");
                    m.setRecipients(Message.RecipientType.TO, SUPPORT);
                    text = "Hello,\n\n" + prose(SENTENCES, size) + "\n\nBest regards,\n" + c.name() + "\n";
                    attachment = random.nextInt(100) < 15;
                    openedBy.put(marker, c);
                    titleOf.put(marker, title);
                }
                case CUSTOMER_REPLY -> {
                    sender = address(t.customer());
                    m.setSubject("Re: " + t.title() + " Ticket [" + t.number() + "] " + marker);
                    m.setRecipients(Message.RecipientType.TO, SUPPORT);
                    String fresh = prose(SENTENCES, 200 + random.nextInt(800));
                    text = fresh + "\n\n" + t.customer().name() + "\n\n" + quoted("Alice Tech <" + SUPPORT + ">", size - fresh.length());
                    attachment = random.nextInt(100) < 15;
                }
                case EMPLOYEE_REPLY -> {
                    sender = ALICE;
                    m.setSubject("Re: " + t.title() + " Ticket [" + t.number() + "] " + marker);
                    m.setRecipients(Message.RecipientType.TO, SUPPORT);
                    String fresh = "Hello " + t.customer().name() + ",\n\n" + prose(ANSWERS, 200 + random.nextInt(600)) + "\n\nAlice\n";
                    text = fresh + "\n" + quoted(t.customer().name() + " <" + SUPPORT + ">", size - fresh.length());
                }
                case INTERNAL_NOTE -> {
                    sender = ALICE;
                    if (random.nextBoolean()) {
                        m.setSubject("*123* " + t.title() + " Ticket [" + t.number() + "] " + marker);
                        m.setRecipients(Message.RecipientType.TO, SUPPORT);
                    } else { // the support address in Cc only: a note for the team
                        m.setSubject("Re: " + t.title() + " Ticket [" + t.number() + "] " + marker);
                        m.setRecipients(Message.RecipientType.TO, "Bob Manager <bob@helpdesk.test>");
                        m.setRecipients(Message.RecipientType.CC, SUPPORT);
                    }
                    text = "Bob,\n\n" + prose(ANSWERS, Math.min(size, 1500)) + "\n\nAlice\n";
                }
                default -> { // COMMAND
                    sender = ALICE;
                    m.setSubject("Re: " + t.title() + " Ticket [" + t.number() + "] " + marker);
                    m.setRecipients(Message.RecipientType.TO, SUPPORT);
                    String fresh = COMMANDS[random.nextInt(COMMANDS.length)] + "\n" + prose(ANSWERS, 150 + random.nextInt(400)) + "\n\nAlice\n";
                    text = fresh + "\n" + quoted(t.customer().name() + " <" + SUPPORT + ">", size - fresh.length());
                }
            }
            m.setFrom(new InternetAddress(sender));
            m.setSentDate(new java.util.Date());
            if (attachment) {
                MimeBodyPart body = new MimeBodyPart();
                body.setText(text, "UTF-8");
                MimeBodyPart file = new MimeBodyPart();
                byte[] bytes = new byte[2048 + random.nextInt(6144)];
                random.nextBytes(bytes);
                file.setContent(bytes, "application/octet-stream");
                file.setFileName(random.nextBoolean() ? "screenshot.png" : "error-log.zip");
                file.setDisposition("attachment");
                m.setContent(new MimeMultipart(body, file));
            } else {
                m.setText(text, "UTF-8");
            }
            m.saveChanges();
            ByteArrayOutputStream b = new ByteArrayOutputStream(size + 1024);
            m.writeTo(b);
            return new Mail(marker, kind, sender, crlf(b.toByteArray()));
        }

        /** SMTP wants CRLF line ends; the text parts were written with LF. */
        private static byte[] crlf(byte[] raw) {
            ByteArrayOutputStream b = new ByteArrayOutputStream(raw.length + raw.length / 40);
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) {
                    b.write('\r');
                }
                b.write(raw[i]);
            }
            return b.toByteArray();
        }

        /** A body size in bytes: mostly 1 to 4 KB, some up to 20 KB. */
        private int size() {
            int r = random.nextInt(100);
            if (r < 55) {
                return 1024 + random.nextInt(3 * 1024);
            } else if (r < 85) {
                return 4 * 1024 + random.nextInt(4 * 1024);
            }
            return 8 * 1024 + random.nextInt(12 * 1024);
        }

        private String prose(String[] from, int bytes) {
            StringBuilder s = new StringBuilder();
            while (s.length() < bytes) {
                if (s.length() > 0) {
                    s.append(random.nextInt(4) == 0 ? "\n\n" : " ");
                }
                s.append(from[random.nextInt(from.length)]);
            }
            return s.toString();
        }

        /** Quoted history of about {@code bytes}: an attribution line, then earlier mails behind "> " and "> > ". */
        private String quoted(String who, int bytes) {
            ZonedDateTime when = ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, ZoneOffset.UTC).plusMinutes(random.nextInt(5000));
            StringBuilder s = new StringBuilder("On ").append(DateTimeFormatter.ofPattern("EEE, d MMM yyyy 'at' HH:mm", Locale.ENGLISH).format(when))
                    .append(", ").append(who).append(" wrote:\n");
            String depth = "> ";
            int target = Math.max(200, bytes);
            while (s.length() < target) {
                for (String line : wrap(prose(random.nextBoolean() ? SENTENCES : ANSWERS, 300 + random.nextInt(600)))) {
                    s.append(depth).append(line).append('\n');
                }
                s.append(depth.trim()).append('\n');
                if (random.nextInt(3) == 0 && depth.length() < 8) {
                    s.append(depth).append("On an earlier day, someone wrote:\n");
                    depth = "> " + depth;
                }
            }
            return s.toString();
        }

        private static List<String> wrap(String text) {
            List<String> lines = new ArrayList<>();
            for (String paragraph : text.split("\n")) {
                StringBuilder line = new StringBuilder();
                for (String word : paragraph.split(" ")) {
                    if (line.length() + word.length() > 72) {
                        lines.add(line.toString().trim());
                        line.setLength(0);
                    }
                    line.append(word).append(' ');
                }
                lines.add(line.toString().trim());
            }
            return lines;
        }

        private static String address(Customer c) {
            return c.name() + " <" + c.address() + ">";
        }
    }
}
