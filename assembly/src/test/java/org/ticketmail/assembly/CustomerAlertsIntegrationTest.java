package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Multipart;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The customer alerts end to end: the closure alert with seed 004's rating request, in both template
 * parts; the rating reply, recorded without reopening and thanked once; a status alert; and no
 * acknowledgment to a stranger with alerts.customer.created=known.
 */
class CustomerAlertsIntegrationTest extends RunningAppliance {
    private static final Pattern LINK = Pattern.compile("mailto:([^?\\s]+)\\?subject=(\\S+)");

    @Override
    Map<String, String> properties() {
        return Map.of("alerts.customer.created", "known", "alerts.customer.statusChanged", "true");
    }

    private String openTicket(String subject) throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject(subject).body("It does not work.").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();
        return number;
    }

    /** Closes the ticket as alice; returns the closure alert dana got. */
    private MimeMessage close(String number, String commands) throws Exception {
        mail().from("alice@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "]").body(commands + "\nIt works again.")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(5, appliance.smtpPort()); // dana: the reply and the closure alert; bob, carol; confirmation
        MimeMessage alert = outside.inbox("dana@acme.test").stream().filter(m -> {
            try {
                return m.getSubject().startsWith("Closed: ");
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        outside.purge();
        return alert;
    }

    private static String part(MimeMessage m, String type) throws Exception {
        Multipart multipart = (Multipart) m.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            if (multipart.getBodyPart(i).isMimeType(type)) {
                return ((String) multipart.getBodyPart(i).getContent()).replace("\r\n", "\n");
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    /** The subject of the good or bad link of the closure alert's text. */
    private static String ratingSubject(String text, String rating) {
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String subject = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
            if (subject.startsWith("Rating: " + rating)) {
                assertThat(m.group(1)).isEqualTo(SUPPORT);
                return subject;
            }
        }
        throw new AssertionError("no " + rating + " link in " + text);
    }

    @Test
    void closureAlertShouldCarryResolutionEpilogueAndRatingLinksInBothParts() throws Exception {
        String number = openTicket("Closure alert");

        MimeMessage alert = close(number, "#close solved Replaced the toner.");

        assertThat(alert.isMimeType("multipart/alternative")).isTrue();
        String text = part(alert, "text/plain");
        assertThat(text).contains("Ticket [" + number + "] is closed. Resolution: solved").contains("Replaced the toner.");
        assertThat(ratingSubject(text, "good")).startsWith("Rating: good Ticket [" + number + "] code ");
        String html = part(alert, "text/html");
        assertThat(html).contains("<b>Ticket [" + number + "]</b> is closed. Resolution: <b>solved</b>")
                .contains("href=\"mailto:" + SUPPORT + "?subject=Rating%3A%20good%20Ticket%20%5B" + number + "%5D%20code%20");
        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("history").toString()).contains("\"note\":\"automatic closure alert\"")
                .contains("Good: (rating link)").doesNotContain(" code ");
    }

    @Test
    void ratingReplyShouldBeRecordedWithItsWordsNotReopenAndBeThankedOnce() throws Exception {
        String number = openTicket("Rating");
        String text = part(close(number, "#close solved\n#lock"), "text/plain");

        mail().from("dana@acme.test").to(SUPPORT).subject(ratingSubject(text, "good")).body("Quick and friendly, thanks!")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // the thanks to dana; alice To, bob and carol Cc

        assertThat(outside.only("dana@acme.test").getSubject()).isEqualTo("Thank you: Rating Ticket [" + number + "]");
        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("status").asText()).isEqualTo("closed");
        assertThat(ticket.get("inInbox").asBoolean()).isFalse();
        assertThat(ticket.get("rating").asText()).isEqualTo("good");
        assertThat(ticket.get("ratingComment").asText()).isEqualTo("Quick and friendly, thanks!");
        outside.purge();

        mail().from("dana@acme.test").to(SUPPORT).subject(ratingSubject(text, "bad")).body("On second thought...").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // alice, bob, carol; no second thanks

        assertThat(outside.inbox("dana@acme.test")).isEmpty();
        assertThat(appliance.ticket(number).get("rating").asText()).isEqualTo("bad");
    }

    @Test
    void ratingWithAForgedCodeShouldBeAnOrdinaryReply() throws Exception {
        String number = openTicket("Forged");
        close(number, "#close");

        mail().from("dana@acme.test").to(SUPPORT).subject("Rating: bad Ticket [" + number + "] code AAAAAAAAAAAAAAAAAAAAAA")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // alice, bob, carol: an ordinary reply, which reopens

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("rating").isNull()).isTrue();
        assertThat(ticket.get("status").asText()).isEqualTo("reopened");
    }

    @Test
    void statusAlertShouldTellTheCustomerWhenOn() throws Exception {
        String number = openTicket("Status alert");

        mail().from("alice@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "]").body("#status pending-third-party")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // bob, carol (only commands); confirmation; the alert to dana

        assertThat(outside.inbox("dana@acme.test")).extracting(MimeMessage::getSubject)
                .contains("Now pending-third-party: Status alert Ticket [" + number + "]");
    }

    @Test
    void strangerShouldGetNoAcknowledgmentWhenOnlyKnownCustomersDo() throws Exception {
        mail().from("someone@nowhere.test").to(SUPPORT).subject("Hello?").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // carol (ALL) only

        assertThat(outside.inbox("someone@nowhere.test")).isEmpty();
    }
}
