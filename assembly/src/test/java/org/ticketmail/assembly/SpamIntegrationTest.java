package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import javax.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Spam and phishing never become tickets (issue 14), against a real spamd: spam is held with its score and rules and
 * reaches nobody, suspect mail opens a marked ticket without an acknowledgment, a trusted filter's headers count and a
 * stranger's do not, a known sender's held mail is told to their manager, and a release opens the ticket.
 * The client 127.0.0.1 is trusted ({@code employee.trustedNetworks=127.0.0.1/32}); 127.0.0.2 is a stranger.
 */
class SpamIntegrationTest extends RunningAppliance {
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    Map<String, String> properties() {
        try {
            return Map.of("spam.spamd", SpamdProcess.shared().address(), "spam.trustUpstreamHeaders", "true",
                    "employee.trustedNetworks", "127.0.0.1/32", "spam.maxSize", "64KB");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The held spam with this subject, once it is held. */
    private JsonNode heldSpam(String subject) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode h : appliance.get("/api/held?reason=spam&limit=1000").get("held")) {
                if (h.get("subject").asText().equals(subject)) {
                    return h;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    private long metric(String outcome) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^ticketmail_spam_total\\{outcome=\"" + outcome + "\"\\} (\\S+)$").matcher(body);
        assertThat(m.find()).as("ticketmail_spam_total{outcome=%s} in /metrics", outcome).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void gtubeShouldBeHeldAsSpamWithItsScoreAndRulesAndOpenNoTicketAndReachNobody() throws Exception {
        long tickets = appliance.appliance.store().countTickets();
        long heldBefore = metric("held");

        mail().from("Prize Office <winner@spam.test>").to(SUPPORT).subject("You have won").body("Claim it now. " + SpamdProcess.GTUBE)
                .sendTo(appliance.smtpPort());

        JsonNode held = heldSpam("You have won");
        outside.awaitExactly(0, appliance.smtpPort()); // no acknowledgment, no copy to anyone
        assertThat(held.get("kind").asText()).isEqualTo("spam");
        assertThat(held.get("score").asDouble()).isGreaterThan(500.0); // GTUBE's 1000, give or take a few stock rules
        assertThat(held.get("rules").toString()).contains("GTUBE");
        assertThat(held.get("reason").asText()).startsWith("spam: score ").contains("spam.threshold 5.0");
        assertThat(held.get("sender").asText()).isEqualTo("winner@spam.test");
        assertThat(appliance.appliance.store().countTickets()).isEqualTo(tickets);
        assertThat(metric("held")).isEqualTo(heldBefore + 1);
        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("Held as spam").contains("You have won").contains("winner@spam.test").contains("GTUBE");
    }

    @Test
    void aNormalCustomerMailShouldPass() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Printer broken again").body("The printer on floor 2 jams.")
                .sendTo(appliance.smtpPort());

        outside.awaitExactly(4, appliance.smtpPort()); // acknowledgment to dana; alice, bob, carol
        String number = ApplianceFixture.ticketNumber(outside.only("carol@helpdesk.test").getSubject());
        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("suspect").isNull()).isTrue();
        assertThat(ticket.get("history").get(0).path("note").asText()).doesNotContain("spam");
        assertThat(outside.only("carol@helpdesk.test").getSubject()).doesNotContain("SUSPECT");
    }

    @Test
    void aSuspectMailShouldOpenAMarkedTicketWithoutAcknowledgmentAndShowItsScoreToTheManager() throws Exception {
        long suspectBefore = metric("suspect");

        mail().from("Vic Visitor <vic@newco.test>").to(SUPPORT).subject("Cheap toner offer")
                .body("We sell toner. " + SpamdProcess.SUSPECT_PHRASE).sendTo(appliance.smtpPort());

        outside.awaitExactly(1, appliance.smtpPort()); // carol (ALL) only: no acknowledgment to vic
        assertThat(outside.inbox("vic@newco.test")).isEmpty();
        String subject = outside.only("carol@helpdesk.test").getSubject();
        assertThat(subject).matches("\\[SUSPECT \\d+\\.\\d\\] Cheap toner offer Ticket \\[\\d{4}-\\d{4,}\\]");
        JsonNode ticket = appliance.ticket(ApplianceFixture.ticketNumber(subject));
        assertThat(ticket.get("suspect").asText()).contains("suspect band").contains("TICKETMAIL_TEST_SUSPECT");
        assertThat(ticket.get("history").get(0).get("note").asText()).contains("suspected spam");
        assertThat(metric("suspect")).isEqualTo(suspectBefore + 1);
        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("Tickets marked suspect").contains(ticket.get("number").asText());
    }

    @Test
    void aTrustedFiltersVerdictShouldHoldTheMail() throws Exception {
        mail().from("Someone <someone@elsewhere.test>").to(SUPPORT).subject("Upstream says spam").header("X-Spam-Flag", "YES")
                .header("X-Spam-Status", "Yes, score=12.3 required=5.0 tests=BAYES_99").body("Hello.").fromClient("127.0.0.1")
                .sendTo(appliance.smtpPort());
        mail().from("Someone <someone@elsewhere.test>").to(SUPPORT).subject("Microsoft says spam")
                .header("X-MS-Exchange-Organization-SCL", "9").body("Hello.").fromClient("127.0.0.1").sendTo(appliance.smtpPort());
        mail().from("Someone <someone@elsewhere.test>").to(SUPPORT).subject("DMARC says reject")
                .header("Authentication-Results", "mx.helpdesk.test; spf=fail smtp.mailfrom=elsewhere.test; dmarc=fail (p=reject dis=none)"
                        + " header.from=elsewhere.test").body("Hello.").fromClient("127.0.0.1").sendTo(appliance.smtpPort());

        assertThat(heldSpam("Upstream says spam").get("reason").asText()).contains("X-Spam-Flag: YES").contains("client 127.0.0.1");
        assertThat(heldSpam("Upstream says spam").get("score").asDouble()).isEqualTo(12.3);
        assertThat(heldSpam("Microsoft says spam").get("reason").asText()).contains("X-MS-Exchange-Organization-SCL: 9");
        assertThat(heldSpam("DMARC says reject").get("reason").asText()).contains("dmarc=fail, policy reject");
        outside.awaitExactly(0, appliance.smtpPort());
    }

    @Test
    void aStrangersSpamHeadersShouldNotCount() throws Exception {
        // A stranger cannot block mail by adding the headers, nor pass spam by adding "No" to them.
        mail().from("Vera Visitor <vera@newco.test>").to(SUPPORT).subject("Real question").header("X-Spam-Flag", "YES")
                .header("X-MS-Exchange-Organization-SCL", "9").body("How do I reset my password?").fromClient("127.0.0.2")
                .sendTo(appliance.smtpPort());
        mail().from("Max Mailer <max@spam.test>").to(SUPPORT).subject("Looks clean").header("X-Spam-Flag", "NO")
                .header("X-Spam-Status", "No, score=-5.0").body("Buy now. " + SpamdProcess.GTUBE).fromClient("127.0.0.2")
                .sendTo(appliance.smtpPort());

        outside.awaitExactly(2, appliance.smtpPort()); // the question: carol's copy and vera's acknowledgment
        assertThat(outside.only("carol@helpdesk.test").getSubject()).startsWith("Real question Ticket [");
        assertThat(outside.inbox("vera@newco.test")).hasSize(1);
        assertThat(heldSpam("Looks clean").get("reason").asText()).contains("SpamAssassin score");
    }

    @Test
    void aKnownContactsSpamShouldBeHeldAndTheirManagerTold() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Forwarded chain letter").body(SpamdProcess.GTUBE)
                .sendTo(appliance.smtpPort());

        long id = heldSpam("Forwarded chain letter").get("id").asLong();
        outside.awaitExactly(1, appliance.smtpPort()); // alice, acme's default ticket manager; nothing to dana
        MimeMessage notice = outside.only("alice@helpdesk.test");
        assertThat(notice.getSubject()).isEqualTo("Held as spam: Forwarded chain letter");
        String text = notice.getContent().toString();
        assertThat(text).contains("Dana Customer <dana@acme.test>, a contact of Acme Corp").contains("ticketmail release " + id)
                .contains("GTUBE");
        assertThat(Outside.header(notice, "Auto-Submitted")).isEqualTo("auto-generated");
    }

    @Test
    void anEmployeesSpamShouldBeHeldAndTheEmployeeToldWhenThereIsNoDispatcher() throws Exception {
        mail().from("Bob Manager <bob@helpdesk.test>").to(SUPPORT).subject("Fwd: that odd mail").body(SpamdProcess.GTUBE)
                .sendTo(appliance.smtpPort());

        long id = heldSpam("Fwd: that odd mail").get("id").asLong();
        outside.awaitExactly(1, appliance.smtpPort());
        assertThat(outside.only("bob@helpdesk.test").getContent().toString()).contains("Bob Manager (employee bob)")
                .contains("ticketmail release " + id);
    }

    @Test
    void aReleaseShouldPutHeldSpamThroughThePipelineAsNormalMail() throws Exception {
        mail().from("Nora New <nora@newco.test>").to(SUPPORT).subject("Not spam at all").messageId("<nora-1@newco.test>")
                .body("Our invoice " + SpamdProcess.GTUBE).sendTo(appliance.smtpPort());
        long id = heldSpam("Not spam at all").get("id").asLong();
        long releasedBefore = metric("released");

        String[] released = appliance.release(Long.toString(id)); // ticketmail release ID

        assertThat(released[0]).as(released[2]).isEqualTo("0");
        outside.awaitExactly(2, appliance.smtpPort()); // carol's copy and nora's acknowledgment
        String number = ApplianceFixture.ticketNumber(outside.only("carol@helpdesk.test").getSubject());
        JsonNode entry = appliance.ticket(number).get("history").get(0);
        assertThat(entry.get("messageId").asText()).isEqualTo("<nora-1@newco.test>");
        assertThat(entry.get("note").asText()).contains("released by an admin from held mail " + id);
        assertThat(metric("released")).isEqualTo(releasedBefore + 1);
        assertThat(heldSpam("Not spam at all").get("releasedAt").isNull()).isFalse();
    }

    @Test
    void mailOverTheSizeLimitShouldGoOnUncheckedWithANote() throws Exception {
        String big = "Logs attached below.\n" + "0123456789 abcdefghij ".repeat(4000) + "\n" + SpamdProcess.GTUBE;

        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Huge log").body(big).sendTo(appliance.smtpPort());

        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("carol@helpdesk.test").getSubject());
        assertThat(appliance.ticket(number).get("history").get(0).get("note").asText()).contains("not checked for spam")
                .contains("spam.maxSize (64 KB)");
    }

    @Test
    void healthShouldSayTheFilterIsUp() throws Exception {
        JsonNode health = appliance.get("/health");
        assertThat(health.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(health.toString()).contains("spamd answers at " + SpamdProcess.shared().address());
    }
}
