package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The gateway's settings that every step shares, end to end: a ticket tag of the admin's own format
 * ({@code ticket.subjectPattern}, {@code ticket.subjectFormat}) and a dispatcher ({@code dispatch.employee})
 * who manages the tickets nobody else would.
 */
class GatewaySettingsIntegrationTest extends RunningAppliance {
    private static final Pattern TAG = Pattern.compile("\\[#(\\d{4}-\\d{4,})\\]");

    @Override
    Map<String, String> properties() {
        return Map.of("ticket.subjectPattern", "\\\\[#(\\\\d{4}-\\\\d{4,})\\\\]",
                "ticket.subjectFormat", "[#%s]", "dispatch.employee", "dave");
    }

    private static String number(String subject) {
        Matcher m = TAG.matcher(subject);
        assertThat(m.find()).as("a [#number] tag in '%s'", subject).isTrue();
        return m.group(1);
    }

    @Test
    void everyStepShouldUseTheConfiguredTicketTag() throws Exception {
        mail().from("dana@acme.test").to(SUPPORT).subject("Printer broken").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // acknowledgment; alice To; bob, carol Cc
        MimeMessage ack = outside.only("dana@acme.test");
        String number = number(ack.getSubject());
        assertThat(ack.getSubject()).isEqualTo("Received: Printer broken [#" + number + "]");
        assertThat(outside.only("alice@helpdesk.test").getSubject()).isEqualTo("Printer broken [#" + number + "]");
        outside.purge();

        mail().from("dana@acme.test").to(SUPPORT).subject("Re: [#" + number + "] more").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        assertThat(appliance.ticket(number).get("history")).hasSize(3);
        assertThat(outside.only("alice@helpdesk.test").getSubject()).isEqualTo("Re: [#" + number + "] more");
    }

    @Test
    void ticketOfUnknownSenderShouldBeManagedByTheDispatcher() throws Exception {
        mail().from("Sam Stranger <sam@nowhere.test>").to(SUPPORT).subject("Who do I ask?").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // acknowledgment to sam; dave (dispatcher) To, carol (ALL) Cc

        String number = number(outside.only("sam@nowhere.test").getSubject());
        assertThat(outside.only("dave@helpdesk.test").getSubject()).isEqualTo("Who do I ask? [#" + number + "]");
        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("manager").asText()).isEqualTo("dave");
        assertThat(ticket.get("history").get(0).get("note").asText())
                .isEqualTo("managed by the dispatcher (dave): the sender belongs to no account");
    }

    @Test
    void reloadThatDropsTheDispatcherShouldBeRefused() throws Exception {
        Path file = appliance.root.resolve("conf/directory.yaml");
        String good = Files.readString(file);
        Files.writeString(file, good.replaceAll("(?m)^  - \\{id: dave.*\\n", "").replace("defaultTicketManager: dave", "defaultTicketManager: alice"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> appliance.appliance.directoryProblem().isPresent());
            assertThat(appliance.appliance.directoryProblem()).contains("conf/ticketmail.properties: dispatch.employee 'dave' is not an"
                    + " active employee of conf/directory.yaml; add the employee there, or set dispatch.employee to one who is");
            assertThat(appliance.appliance.directory().employee("dave")).isPresent();
            mail().from("sam2@nowhere.test").to(SUPPORT).subject("Still dispatched").sendTo(appliance.smtpPort());
            outside.awaitExactly(3, appliance.smtpPort());
            assertThat(outside.inbox("dave@helpdesk.test")).hasSize(1);
        } finally {
            Files.writeString(file, good);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(4)));
        }
    }
}
