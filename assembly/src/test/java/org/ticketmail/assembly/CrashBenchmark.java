package org.ticketmail.assembly;

import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.internet.MimeMessage;

/**
 * A crash test, run as a program: the real appliance in a child JVM, customers writing from several SMTP
 * clients, the appliance killed with SIGKILL at random moments and started again on the same data
 * directory, GreenMail as the outside world. When the last restart has drained, it prints for the mails
 * that got a 250: how many were recorded (became a ticket), distributed (the manager got the copy),
 * acknowledged (the customer got the acknowledgment), lost (any of those missing) and duplicated (a
 * ticket, copy or acknowledgment more than once). Exits 1 when a mail was lost. Asserts nothing else.
 *
 * <p>Run with {@code bench/crash/run.sh [KILLS] [CLIENTS] [SEED]}.
 */
public final class CrashBenchmark {
    private static final Duration DRAIN = Duration.ofSeconds(180);

    private CrashBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        Random random = new Random(seed);
        Path dir = Files.createTempDirectory("ticketmail-crash");
        Path conf = dir.resolve("conf");
        ApplianceFixture.copy(ApplianceFixture.repoConf(), conf);
        Files.writeString(conf.resolve("directory.yaml"), ApplianceFixture.DIRECTORY);
        // One customer writes hundreds of mails here: no loop, so no limit.
        Files.writeString(conf.resolve("ticketmail.properties"), "\nlimits.acknowledgmentsPerHour=100000\nlimits.senderMailsPerHour=100000\n"
                + "limits.ticketMailsPerHour=100000\n", java.nio.file.StandardOpenOption.APPEND);
        Path data = dir.resolve("data");
        Path log = dir.resolve("appliance.log");
        int smtpPort = ApplianceFixture.freePort();
        int statusPort = ApplianceFixture.freePort();
        System.out.printf("%d kills, %d SMTP clients, seed %d, appliance log %s%n", kills, clients, seed, log);

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger sequence = new AtomicInteger();
        try (Outside outside = new Outside()) {
            for (int round = 0; round <= kills; round++) {
                Process appliance = ChildAppliance.launch(conf, data, outside.smtpPort(), smtpPort, statusPort, log, Duration.ofSeconds(90));
                AtomicBoolean sending = new AtomicBoolean(true);
                Thread[] senders = new Thread[clients];
                for (int c = 0; c < clients; c++) {
                    senders[c] = new Thread(() -> send(smtpPort, sending, accepted, sequence));
                    senders[c].start();
                }
                if (round < kills) {
                    Thread.sleep(500 + random.nextInt(4000));
                    appliance.destroyForcibly().waitFor();
                    sending.set(false);
                    for (Thread t : senders) {
                        t.join();
                    }
                    System.out.printf("kill %2d: %4d mails accepted so far%n", round + 1, accepted.size());
                } else {
                    Thread.sleep(3000);
                    sending.set(false);
                    for (Thread t : senders) {
                        t.join();
                    }
                    Counts counts = drain(outside, accepted, statusPort);
                    appliance.destroy();
                    appliance.waitFor();
                    System.out.printf("%n%10s %10s %12s %13s %6s %11s%n", "accepted", "recorded", "distributed", "acknowledged", "lost",
                            "duplicated");
                    System.out.printf("%10d %10d %12d %13d %6d %11d%n", accepted.size(), counts.recorded, counts.distributed,
                            counts.acknowledged, counts.lost, counts.duplicated);
                    System.out.printf("duplicated: %s%n", counts.duplicatedAs);
                    System.exit(counts.lost == 0 ? 0 : 1);
                }
            }
        }
    }

    /** Customer mails with unique subjects until told to stop; a mail counts as accepted when SMTP said 250. */
    private static void send(int smtpPort, AtomicBoolean sending, Set<String> accepted, AtomicInteger sequence) {
        while (sending.get()) {
            String subject = "crash-" + sequence.incrementAndGet();
            try {
                TestMails.mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject(subject).messageId("<" + subject + "@acme.test>")
                        .body("Mail " + subject + ".").sendTo(smtpPort);
                accepted.add(subject);
            } catch (Exception e) {
                sleepQuietly(100); // the appliance is down or going down
            }
        }
    }

    /** @param duplicated extra tickets, copies and acknowledgments, in this order */
    record Counts(int recorded, int distributed, int acknowledged, int lost, int duplicated, String duplicatedAs) {
    }

    /** Waits until every accepted mail is recorded, distributed and acknowledged, or nothing moved for a while. */
    private static Counts drain(Outside outside, Set<String> accepted, int statusPort) throws Exception {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        Counts counts = count(outside, accepted, statusPort);
        while (counts.lost > 0 && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            counts = count(outside, accepted, statusPort);
        }
        Thread.sleep(5000); // late duplicates
        return count(outside, accepted, statusPort);
    }

    private static Counts count(Outside outside, Set<String> accepted, int statusPort) throws Exception {
        Map<String, Integer> copies = subjects(outside.inbox("alice@helpdesk.test"), "");
        Map<String, Integer> acks = subjects(outside.inbox("dana@acme.test"), "Received: ");
        Map<String, Integer> ticketsPerMail = new HashMap<>();
        // The list answers at most 1000 tickets, oldest change first: page on from the last change seen (inclusive).
        Set<String> seen = new java.util.HashSet<>();
        String since = "2000-01-01T00:00:00Z";
        while (true) {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort
                    + "/api/tickets?updatedSince=" + since)).build(), HttpResponse.BodyHandlers.ofString()).body();
            int fresh = 0;
            String last = since;
            for (com.fasterxml.jackson.databind.JsonNode t : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("tickets")) {
                last = t.get("updatedAt").asText();
                if (seen.add(t.get("number").asText())) {
                    ticketsPerMail.merge(t.get("subject").asText(), 1, Integer::sum);
                    fresh++;
                }
            }
            if (fresh == 0) {
                break;
            }
            since = last;
        }
        int recorded = 0;
        int distributed = 0;
        int acknowledged = 0;
        int lost = 0;
        int duplicated = 0;
        int[] extra = new int[3];
        for (String subject : accepted) {
            int t = ticketsPerMail.getOrDefault(subject, 0);
            int c = copies.getOrDefault(subject, 0);
            int a = acks.getOrDefault(subject, 0);
            recorded += t > 0 ? 1 : 0;
            distributed += c > 0 ? 1 : 0;
            acknowledged += a > 0 ? 1 : 0;
            lost += t == 0 || c == 0 || a == 0 ? 1 : 0;
            duplicated += Math.max(0, t - 1) + Math.max(0, c - 1) + Math.max(0, a - 1);
            extra[0] += Math.max(0, t - 1);
            extra[1] += Math.max(0, c - 1);
            extra[2] += Math.max(0, a - 1);
        }
        return new Counts(recorded, distributed, acknowledged, lost, duplicated,
                extra[0] + " tickets, " + extra[1] + " copies, " + extra[2] + " acknowledgments");
    }

    /** How many messages of the inbox carry each crash-N subject (after {@code prefix}). */
    private static Map<String, Integer> subjects(List<MimeMessage> inbox, String prefix) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (MimeMessage m : inbox) {
            String subject = m.getSubject();
            if (subject != null && subject.startsWith(prefix + "crash-")) {
                String rest = subject.substring(prefix.length());
                out.merge(rest.substring(0, rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' ')), 1, Integer::sum);
            }
        }
        return out;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
