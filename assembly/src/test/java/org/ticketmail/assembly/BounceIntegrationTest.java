package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A permanent bounce (issue 10): the address is marked failing across tickets, gets nothing more, and is cleared
 * by a mail from it or by an admin; the ticket's history says so at each step.
 */
class BounceIntegrationTest extends RunningAppliance {

    /** What a receiving server sends back when {@code recipient} does not exist: RFC 3464, with the returned headers. */
    private static byte[] bounce(String recipient, String returnedMessageId) {
        return ("From: MAILER-DAEMON@mx.acme.test (Mail Delivery System)\r\n"
                + "To: " + SUPPORT + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "Message-ID: <bounce-" + System.nanoTime() + "@mx.acme.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.acme.test\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\n"
                + "Action: failed\r\n"
                + "Status: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
                + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                + "From: Support <" + SUPPORT + ">\r\n"
                + "To: " + recipient + "\r\n"
                + "Message-ID: " + returnedMessageId + "\r\n\r\n"
                + "--B--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private String[] clearFailing(String address) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            int status = Main.clearFailing(Main.Options.parse(List.of("--conf", appliance.root.resolve("conf").toString(), address), true,
                    System.err), Map.of("TICKETMAIL_STATUS_PORT", Integer.toString(appliance.appliance.statusPort())),
                    new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8).strip()};
        } catch (ConfigException e) {
            return new String[] {"1", e.getMessage()};
        }
    }

    @Test
    void aPermanentBounceShouldStopMailToTheAddressUntilMailArrivesFromIt() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Monitor flickers").body("It flickers.").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // acknowledgment to dana; alice, bob, carol
        String acknowledgment = outside.only("dana@acme.test").getMessageID();
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();

        TestMails.sendRaw(bounce("dana@acme.test", acknowledgment), List.of(SUPPORT), appliance.smtpPort());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> appliance.get("/api/failing").get("total").asInt() == 1);

        JsonNode failing = appliance.get("/api/failing").get("failing").get(0);
        assertThat(failing.get("address").asText()).isEqualTo("dana@acme.test");
        assertThat(failing.get("status").asText()).isEqualTo("5.1.1");
        assertThat(failing.get("ticket").asText()).isEqualTo(number);
        JsonNode history = appliance.ticket(number).get("history");
        assertThat(history).hasSize(3); // dana's mail, the acknowledgment, the note
        assertThat(history.get(2).get("public").asBoolean()).isFalse();
        assertThat(history.get(2).get("text").asText()).startsWith("Mail to dana@acme.test bounced permanently (5.1.1: smtp; 550 5.1.1 User"
                + " unknown)");
        assertThat(appliance.get("/api/held?limit=1").get("held").get(0).get("reason").asText())
                .startsWith("delivery failure report: marked failing dana@acme.test (5.1.1");
        assertThat(appliance.ticket(number).get("status").asText()).isEqualTo("new");

        // Alice answers: bob and carol get it, dana does not.
        mail().from("alice@helpdesk.test").to(SUPPORT).subject("Re: Ticket [" + number + "] Monitor flickers").body("New cable coming.")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(2, appliance.smtpPort());
        assertThat(outside.inbox("dana@acme.test")).isEmpty();
        outside.purge();

        // Dana writes from the address again: the mark is cleared, and the next answer reaches her.
        mail().from("dana@acme.test").to(SUPPORT).subject("Re: Ticket [" + number + "] Monitor flickers").body("My mailbox works again.")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // alice, bob, carol
        assertThat(appliance.get("/api/failing").get("total").asInt()).isZero();
        JsonNode entries = appliance.ticket(number).get("history");
        assertThat(entries.get(entries.size() - 1).get("note").asText()).contains("dana@acme.test had bounced permanently (5.1.1) since ")
                .contains("this mail from it clears the mark, so it receives ticket mail again");
        outside.purge();
        mail().from("alice@helpdesk.test").to(SUPPORT).subject("Re: Ticket [" + number + "] Monitor flickers").body("Cable sent.")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // dana, bob, carol
        assertThat(outside.inbox("dana@acme.test")).hasSize(1);
    }

    @Test
    void anAdminShouldClearAFailingAddressWithOneCommand() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Scanner jams").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String acknowledgment = outside.only("dana@acme.test").getMessageID();
        TestMails.sendRaw(bounce("dana@acme.test", acknowledgment), List.of(SUPPORT), appliance.smtpPort());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> appliance.get("/api/failing").get("total").asInt() == 1);

        assertThat(clearFailing("dana@acme.test")).containsExactly("0", "dana@acme.test is no longer marked failing; ticket mail goes to it again");
        assertThat(appliance.get("/api/failing").get("total").asInt()).isZero();
        assertThat(clearFailing("dana@acme.test")).containsExactly("1", "dana@acme.test is not marked failing (see /api/failing)");
    }

    @Test
    void aForgedBounceShouldSilenceNobody() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Forged bounce target").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();

        TestMails.sendRaw(bounce("dana@acme.test", "<tm." + number + ".guessed@helpdesk.test>"), List.of(SUPPORT), appliance.smtpPort());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> appliance.get("/api/held?limit=1").get("held").get(0).get("reason")
                .asText().startsWith("delivery failure report: not marked dana@acme.test"));

        assertThat(appliance.get("/api/failing").get("total").asInt()).isZero();
        assertThat(appliance.ticket(number).get("history")).hasSize(2);
    }
}
