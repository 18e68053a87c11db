package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.util.Map;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

/**
 * Loops and floods are bounded (issue 10): an auto-responder that answers every mail with a new subject
 * and no Auto-Submitted header, and a sender who floods, cannot make the appliance mail without end.
 */
class LoopIntegrationTest extends RunningAppliance {
    private static final String BOT = "noreply@bot.example";

    @Override
    Map<String, String> properties() {
        return Map.of("limits.acknowledgmentsPerHour", "3", "limits.senderMailsPerHour", "5");
    }

    @Test
    void anAutoResponderThatAnswersEverythingShouldGetThreeMailsAtMost() throws Exception {
        long ticketsBefore = appliance.appliance.store().countTickets();
        mail().from(BOT).to(SUPPORT).subject("Your message was received").body("Thank you.").sendTo(appliance.smtpPort());
        for (int i = 1; i <= 3; i++) {
            int expected = i;
            // Whatever the appliance sends the bot is answered at once, with a fresh subject that carries no ticket number.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> outside.inbox(BOT).size() >= expected);
            mail().from(BOT).to(SUPPORT).subject("Automatic answer " + i).body("Thank you for your mail.").sendTo(appliance.smtpPort());
        }
        // The bot's fourth mail is recorded and reaches carol (recipientOption ALL); its acknowledgment would have gone out with it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> outside.inbox("carol@helpdesk.test").size() >= 4);
        outside.awaitExactly(7, appliance.smtpPort()); // 3 acknowledgments to the bot, 4 copies to carol

        assertThat(outside.inbox(BOT)).hasSize(3);
        assertThat(appliance.appliance.store().countTickets() - ticketsBefore).isEqualTo(4); // every mail of the bot is recorded
    }

    @Test
    void aFloodFromOneSenderShouldBeRecordedButNotSentOn() throws Exception {
        for (int i = 1; i <= 7; i++) {
            mail().from("Ed Elsewhere <ed@gmail.test>").to(SUPPORT).subject("Flood " + i).body("Mail " + i + ".").sendTo(appliance.smtpPort());
        }
        outside.awaitExactly(18, appliance.smtpPort()); // 3 acknowledgments to ed; 5 copies to alice, bob and carol

        long floodTickets = appliance.appliance.store().find(org.ticketmail.store.TicketQuery.of(
                java.time.Instant.EPOCH, null, null, null, 1000)).stream().filter(t -> t.subject().startsWith("Flood ")).count();
        assertThat(floodTickets).isEqualTo(7);
        assertThat(outside.inbox("alice@helpdesk.test").stream().filter(m -> subject(m).startsWith("Flood "))).hasSize(5);
        String notices = appliance.get("/api/tickets?updatedSince=1970-01-01T00:00:00Z").toString();
        long noticed = 0;
        for (com.fasterxml.jackson.databind.JsonNode t : appliance.get("/api/tickets?updatedSince=1970-01-01T00:00:00Z").get("tickets")) {
            noticed += appliance.ticket(t.get("number").asText()).get("history").findValuesAsText("note").stream()
                    .filter("limit reached"::equals).count();
        }
        assertThat(noticed).as("notices in %s", notices).isEqualTo(1); // once an hour, not for each mail held back
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (javax.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
