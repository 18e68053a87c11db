package org.ticketmail.assembly;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The appliance in a JVM of its own (so it can be killed with SIGKILL), started as ops start it: Main run --conf --data. */
final class ChildAppliance {
    private ChildAppliance() {
    }

    /**
     * Starts it relaying to {@code relayPort}, its output appended to {@code log}, and returns once /health answers
     * 200; fails naming the log when it dies or does not answer within {@code startup}.
     */
    static Process launch(Path conf, Path data, int relayPort, int smtpPort, int statusPort, Path log, Duration startup) throws Exception {
        return launch(conf, data, relayPort, smtpPort, statusPort, log, startup, java.util.List.of());
    }

    /** As {@link #launch(Path, Path, int, int, int, Path, Duration)}, with more JVM options (GC logging, a flight recording). */
    static Process launch(Path conf, Path data, int relayPort, int smtpPort, int statusPort, Path log, Duration startup,
                          java.util.List<String> jvmOptions) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--conf", conf.toString(),
                "--data", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(Map.of("TICKETMAIL_RELAY", "127.0.0.1:" + relayPort, "TICKETMAIL_SMTP_PORT", Integer.toString(smtpPort),
                "TICKETMAIL_STATUS_PORT", Integer.toString(statusPort), "TICKETMAIL_IMAP_PORT", Integer.toString(ApplianceFixture.freePort())));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + startup.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the appliance did not start (exit status " + p.exitValue() + "); see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the appliance did not answer /health within " + startup.toSeconds() + " s; see " + log);
    }
}
