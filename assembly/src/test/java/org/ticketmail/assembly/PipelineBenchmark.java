package org.ticketmail.assembly;

import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A benchmark, not a test: mails per second and SMTP accept latency of ticketmail's pipeline, and the
 * same figures for a bare James relay (the same appliance with a mailetcontainer.xml that sends the
 * support address straight to the relay), measured in the same process. Prints figures, asserts nothing.
 *
 * <p>Run with {@code bench/pipeline/run.sh [MAILS] [CLIENTS]}.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    record Result(String name, int mails, double acceptedPerSecond, double endToEndPerSecond, long p50Micros, long p99Micros) {
    }

    public static void main(String[] args) throws Exception {
        int mails = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String body = "The printer on floor 2 is broken. ".repeat(55); // about 2 KB
        System.out.printf("%d mails of about %d bytes from %d SMTP clients, GreenMail as relay%n", mails, body.length(), clients);

        run("bare James relay", mails / 4, clients, body, true); // warm-up
        run("ticketmail", mails / 4, clients, body, false);
        Result bare = run("bare James relay", mails, clients, body, true);
        Result ticketmail = run("ticketmail", mails, clients, body, false);

        System.out.printf("%n%-18s %8s %14s %14s %10s %10s%n", "setup", "mails", "accepted/s", "end-to-end/s", "p50 ms", "p99 ms");
        for (Result r : List.of(bare, ticketmail)) {
            System.out.printf("%-18s %8d %14.0f %14.0f %10.1f %10.1f%n", r.name(), r.mails(), r.acceptedPerSecond(), r.endToEndPerSecond(),
                    r.p50Micros() / 1000.0, r.p99Micros() / 1000.0);
        }
        System.out.printf("ticketmail / bare James: %.2f of the end-to-end rate, %.2f of the accept rate%n",
                ticketmail.endToEndPerSecond() / bare.endToEndPerSecond(), ticketmail.acceptedPerSecond() / bare.acceptedPerSecond());
        System.exit(0);
    }

    private static Result run(String name, int mails, int clients, String body, boolean bare) throws Exception {
        try (Outside outside = new Outside();
             ApplianceFixture appliance = ApplianceFixture.start(outside.smtpPort(), Map.of(), bare ? PipelineBenchmark::bareRelay : c -> { })) {
            int port = appliance.smtpPort();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = client; i < mails; i += clients) {
                        long t0 = System.nanoTime();
                        TestMails.mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Benchmark " + i).body(body)
                                .sendTo(port);
                        latencies.add((System.nanoTime() - t0) / 1000);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            long accepted = System.nanoTime() - start;
            pool.shutdown();
            // Bare: one delivery per mail. ticketmail: the acknowledgment and the copies to alice, bob and carol.
            int expected = bare ? mails : mails * 4;
            if (!outside.awaitQuietly(expected, 600)) {
                throw new IllegalStateException(name + ": only " + outside.delivered() + " of " + expected + " deliveries arrived");
            }
            long done = System.nanoTime() - start;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return new Result(name, mails, mails / (accepted / 1e9), mails / (done / 1e9), sorted.get(sorted.size() / 2),
                    sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))));
        }
    }

    /** A mailetcontainer.xml that relays mail for the support address instead of running the ticket pipeline. */
    static void bareRelay(Path conf) {
        try {
            Path file = conf.resolve("james/mailetcontainer.xml");
            String xml = Files.readString(file);
            String routed = xml.replace("<mailet match=\"RecipientIs=${support.addresses}\" class=\"ToProcessor\">\n                <processor>ticket</processor>",
                    "<mailet match=\"RecipientIs=${support.addresses}\" class=\"ToProcessor\">\n                <processor>relay</processor>");
            if (routed.equals(xml)) {
                throw new IllegalStateException("conf/james/mailetcontainer.xml no longer routes the support address as this benchmark expects");
            }
            Files.writeString(file, routed);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
