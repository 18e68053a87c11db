package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * No accepted mail is lost on a crash: the appliance runs as its own process, is killed (SIGKILL) while
 * the mail it must send waits in the outgoing queue for a relay that is down, and delivers that mail
 * after it is started again on the same data directory (at least once: a delivery cut by the kill may
 * be repeated).
 */
class CrashRecoveryIntegrationTest {
    @TempDir
    Path dir;
    Process process;
    Outside outside;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (outside != null) {
            outside.close();
        }
    }

    private static JsonNode json(int statusPort, String path) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(body);
    }

    @Test
    void mailWaitingForTheRelayShouldBeDeliveredAfterAKill() throws Exception {
        Path conf = dir.resolve("conf");
        ApplianceFixture.copy(ApplianceFixture.repoConf(), conf);
        Files.writeString(conf.resolve("directory.yaml"), ApplianceFixture.DIRECTORY);
        Path data = dir.resolve("data");
        Path log = dir.resolve("appliance.log");
        int smtpPort = ApplianceFixture.freePort();
        int statusPort = ApplianceFixture.freePort();
        int deadRelay = ApplianceFixture.freePort();

        process = ChildAppliance.launch(conf, data, deadRelay, smtpPort, statusPort, log, Duration.ofSeconds(60));
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Before the crash").messageId("<crash-1@acme.test>")
                .sendTo(smtpPort);
        // Recorded, acknowledged and distributed: the acknowledgment and the copies now wait for the relay.
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                json(statusPort, "/api/tickets?updatedSince=2000-01-01T00:00:00Z").get("tickets").size() == 1
                        && json(statusPort, "/api/tickets/" + json(statusPort, "/api/tickets?updatedSince=2000-01-01T00:00:00Z")
                        .get("tickets").get(0).get("number").asText()).get("history").size() == 2);
        process.destroyForcibly().waitFor();

        outside = new Outside();
        process = ChildAppliance.launch(conf, data, outside.smtpPort(), smtpPort, statusPort, log, Duration.ofSeconds(60));
        outside.await(4);

        // At least once: a copy whose delivery attempt was cut by the kill may come twice, never not at all.
        assertThat(outside.inbox("dana@acme.test")).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getSubject()).startsWith("Received: Before the crash Ticket ["));
        assertThat(List.of("alice@helpdesk.test", "bob@helpdesk.test", "carol@helpdesk.test"))
                .allSatisfy(a -> assertThat(outside.inbox(a)).isNotEmpty()
                        .allSatisfy(m -> assertThat(m.getSubject()).startsWith("Before the crash Ticket [")));
        assertThat(json(statusPort, "/api/tickets?updatedSince=2000-01-01T00:00:00Z").get("tickets")).hasSize(1);
    }
}
