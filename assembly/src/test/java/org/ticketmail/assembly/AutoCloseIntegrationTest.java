package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.ticketmail.store.TicketStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Seed 004's automatic closing end to end (issue 13): a ticket left in pending-close with no change for
 * {@code autoClose.after} closes with {@code autoClose.resolution} and its customer gets the closure alert once; a
 * change restarts the wait; a bad autoClose key stops the start. The clock is moved forward instead of waiting.
 */
class AutoCloseIntegrationTest extends RunningAppliance {
    private final MovableClock clock = new MovableClock(ZoneOffset.UTC);

    @Override
    java.time.Clock clock() {
        return clock;
    }

    @Override
    Map<String, String> properties() {
        return Map.of("sla.interval", "1s", "autoClose.after", "2h");
    }

    @Override
    void editConf(Path conf) {
        try {
            Files.writeString(conf.resolve("sla.yaml"), "default: none\n"); // no SLA warnings while time moves
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String openTicket(String subject) throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject(subject).body("It does not work.").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // dana's acknowledgment; alice, bob, carol
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();
        return number;
    }

    private String status(String number) throws Exception {
        return appliance.ticket(number).get("status").asText();
    }

    private void awaitClosed(String number) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(number).equals("closed"));
    }

    /** Waits until the SLA thread, which closes idle tickets after each evaluation, has run twice more. */
    private void awaitRuns() throws Exception {
        appliance.awaitSlaRuns(2);
    }

    @Test
    void aTicketWaitingInPendingCloseShouldCloseWithTheResolutionAndAlertItsCustomerOnce() throws Exception {
        String number = openTicket("Printer works again?");
        appliance.appliance.store().setState(number, TicketStatus.PENDING_CLOSE, false);
        clock.advance(Duration.ofHours(3));

        awaitClosed(number);
        outside.await(1);
        awaitRuns();
        outside.awaitExactly(1, appliance.smtpPort());
        MimeMessage alert = outside.only("dana@acme.test");
        assertThat(alert.getSubject()).isEqualTo("Closed: Printer works again? Ticket [" + number + "]");
        // The sample closure template has an HTML part besides the text: the text comes first.
        assertThat((String) ((javax.mail.Multipart) alert.getContent()).getBodyPart(0).getContent()).contains("Resolution: expired");

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("resolution").asText()).isEqualTo("expired");
        JsonNode last = ticket.get("changes").get(ticket.get("changes").size() - 1);
        assertThat(last.get("by").asText()).isEqualTo("auto-close");
        JsonNode history = ticket.get("history");
        assertThat(history.get(history.size() - 2).get("note").asText())
                .isEqualTo("closed automatically: pending-close for 2h with no change (autoClose.after)");
        assertThat(history.get(history.size() - 2).get("public").asBoolean()).isFalse();
        assertThat(history.get(history.size() - 1).get("note").asText()).isEqualTo("automatic closure alert");
    }

    @Test
    void aChangeShouldStartTheWaitAgain() throws Exception {
        String number = openTicket("Scanner jammed");
        appliance.appliance.store().setState(number, TicketStatus.PENDING_CLOSE, false);
        clock.advance(Duration.ofMinutes(90));
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Re: Ticket [" + number + "]").body("Not quite yet.")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // alice, bob, carol
        outside.purge();

        clock.advance(Duration.ofMinutes(90)); // 3 hours in pending-close, but only 90 minutes since the customer wrote
        awaitRuns();
        outside.awaitExactly(0, appliance.smtpPort());
        assertThat(status(number)).isEqualTo("pending-close");

        clock.advance(Duration.ofMinutes(60));
        awaitClosed(number);
        outside.await(1);
        assertThat(outside.only("dana@acme.test").getSubject()).startsWith("Closed: ");
    }

    @Test
    void aTicketInAnotherStatusShouldStayOpen() throws Exception {
        String number = openTicket("Monitor flickers");
        clock.advance(Duration.ofHours(5));
        awaitRuns();
        assertThat(status(number)).isEqualTo("new");
        appliance.appliance.store().setState(number, TicketStatus.CLOSED, false);
    }

    @Test
    void aBadAutoCloseKeyShouldStopTheStartNamingIt() {
        Throwable status = org.assertj.core.api.Assertions.catchThrowable(() -> ApplianceFixture.start(outside.smtpPort(),
                Map.of("autoClose.after", "72h", "autoClose.status", "closed")).close());
        assertThat(status).isInstanceOf(ConfigException.class).hasMessage("conf/ticketmail.properties: autoClose.status 'closed' is not a"
                + " status a ticket waits in; use one of new, assigned, pending-third-party, pending-close, unconfirmed, reopened, e.g."
                + " pending-close");
        Throwable resolution = org.assertj.core.api.Assertions.catchThrowable(() -> ApplianceFixture.start(outside.smtpPort(),
                Map.of("autoClose.after", "72h", "autoClose.resolution", "forgotten")).close());
        assertThat(resolution).isInstanceOf(ConfigException.class).hasMessage("conf/ticketmail.properties: autoClose.resolution"
                + " 'forgotten' is not a resolution of conf/statuses.yaml (solved, rejected, missing-data, expired, duplicate, workaround)");
    }
}
