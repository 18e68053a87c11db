package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Hostile and broken mail still reaches people (issue 10): what the appliance records, it distributes,
 * even when the mail cannot be sent on as it is; what it does not record, it holds with a reason.
 */
class HostileMailIntegrationTest extends RunningAppliance {

    @Test
    void aRecordedMailWhoseMimeCannotBeWrittenAgainShouldReachTheRecipientsWithTheOriginalAttached() throws Exception {
        String raw = "Received: from dana-laptop.acme.test (10.1.2.3)\r\n\tby mx.acme.test; Tue, 24 Nov 2026 10:00:00 +0000\r\n"
                + "X-Originating-IP: 10.1.2.3\r\n"
                + "From: Dana Customer <dana@acme.test>\r\nTo: " + SUPPORT + "\r\nSubject: Broken boundary\r\n"
                + "Message-ID: <broken-1@acme.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"never-there\"\r\n\r\n"
                + "The printer is broken, and so is this mail: its boundary never comes.\r\n";
        TestMails.sendRaw(raw.getBytes(StandardCharsets.US_ASCII), List.of(SUPPORT), appliance.smtpPort());

        outside.awaitExactly(4, appliance.smtpPort()); // acknowledgment to dana; alice, bob, carol

        MimeMessage copy = outside.only("carol@helpdesk.test");
        assertThat(copy.getSubject()).startsWith("Broken boundary Ticket [");
        assertThat(copy.getContent()).isInstanceOf(MimeMultipart.class);
        MimeMultipart parts = (MimeMultipart) copy.getContent();
        assertThat(parts.getBodyPart(0).getContent().toString()).contains("could not be forwarded as it was sent");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("message/rfc822");
        assertThat(new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                .contains("boundary=\"never-there\"").contains("its boundary never comes")
                .doesNotContain("10.1.2.3").doesNotContain("dana-laptop");
        assertThat(appliance.get("/api/held").get("held").toString()).doesNotContain("Broken boundary");
    }

    @Test
    void everyOddRealMessageShouldEndRecordedAndDistributedOrHeldWithAReason() throws Exception {
        List<Path> corpus;
        try (Stream<Path> files = Files.list(Corpora.dir().resolve("mime"))) {
            corpus = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        long ticketsBefore = appliance.appliance.store().countTickets();
        long heldBefore = appliance.get("/api/held").get("total").asLong();
        for (Path file : corpus) {
            TestMails.sendRaw(Files.readAllBytes(file), List.of(SUPPORT), appliance.smtpPort());
        }

        // Carol (recipientOption ALL) gets a copy of every mail recorded as a new ticket; each mail became one or is held.
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                appliance.appliance.store().countTickets() - ticketsBefore + appliance.get("/api/held").get("total").asLong() - heldBefore
                        >= corpus.size());
        long opened = appliance.appliance.store().countTickets() - ticketsBefore;
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> outside.inbox("carol@helpdesk.test").size() >= opened);
        List<String> failures = new ArrayList<>();
        for (JsonNode h : appliance.get("/api/held?limit=1000").get("held")) {
            if (h.get("reason").asText().startsWith("processing failed")) {
                failures.add(h.get("subject").asText() + ": " + h.get("reason").asText());
            }
        }
        assertThat(failures).as("mails a step failed on").isEmpty();
        assertThat(outside.inbox("carol@helpdesk.test")).hasSize((int) opened);
        assertThat(opened).isGreaterThan(corpus.size() / 2);
    }
}
