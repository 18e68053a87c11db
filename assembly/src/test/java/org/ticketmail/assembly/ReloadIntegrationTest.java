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

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The quote rules, the templates and the status map reload without a restart (issue 11): an edit comes into force,
 * a broken one is refused with file, line and reason while the last good version keeps working, and the status page
 * shows which.
 */
class ReloadIntegrationTest extends RunningAppliance {
    private static final String REPLY = "It works again, thanks.\n\n-----Original Message-----\nFrom: Support\nSubject: Printer\n\nTry this.\n";

    private Path conf() {
        return appliance.root.resolve("conf");
    }

    private String page() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + "/"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Saves a file so that its change is seen: a second later than before, whatever the file system's clock grain. */
    private static void save(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        Thread.sleep(1100); // the files are looked at at most once a second
    }

    private String openTicket(String subject) throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject(subject).body("The printer is broken.").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();
        return number;
    }

    private String lastText(String number) throws Exception {
        var history = appliance.ticket(number).get("history");
        return history.get(history.size() - 1).get("text").asText();
    }

    @Test
    void aBrokenRuleFileShouldBeRefusedAndTheRulesBeforeShouldKeepWorking() throws Exception {
        Path rules = conf().resolve("quote-rules.txt");
        String good = Files.readString(rules);
        try {
            save(rules, good + "\ncut-from  broken  (unclosed\n");
            String number = openTicket("Rules broken");
            mail().from("dana@acme.test").to(SUPPORT).subject("Re: Ticket [" + number + "]").body(REPLY).sendTo(appliance.smtpPort());
            outside.awaitExactly(3, appliance.smtpPort());

            assertThat(lastText(number)).isEqualTo("It works again, thanks.");
            assertThat(page()).contains("conf/quote-rules.txt").contains("refused, the last good version stays in force")
                    .contains("line " + (good.split("\n", -1).length + 1));

            // A good edit comes into force: a rule of the admin's own cuts the team's ticket footer.
            save(rules, good + "\ncut-from  our-footer  ^--- Sent from the field app ---$\n");
            outside.purge();
            mail().from("dana@acme.test").to(SUPPORT).subject("Re: Ticket [" + number + "]").body("Done.\n--- Sent from the field app ---\nJunk\n")
                    .sendTo(appliance.smtpPort());
            outside.awaitExactly(3, appliance.smtpPort());
            assertThat(lastText(number)).isEqualTo("Done.");
            assertThat(page()).doesNotContain("refused, the last good version");
        } finally {
            save(rules, good);
        }
    }

    @Test
    void anEditedTemplateShouldBeUsedForTheNextMailAndABrokenOneRefused() throws Exception {
        Path template = conf().resolve("templates/acknowledgment.txt");
        String good = Files.readString(template);
        try {
            save(template, "Subject: We have it: _incident_title_\n\nHello _fullname_, ticket _incident_id_ is open.\n");
            openTicketAndCheckAcknowledgment("We have it: Template one");

            save(template, "Subject: Broken\n\nHello _fulname_.\n");
            openTicketAndCheckAcknowledgment("We have it: Template two");
            assertThat(page()).contains("conf/templates/acknowledgment").contains("_fulname_ is not a macro");
        } finally {
            save(template, good);
        }
    }

    private void openTicketAndCheckAcknowledgment(String expectedSubjectStart) throws Exception {
        String subject = expectedSubjectStart.substring("We have it: ".length());
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject(subject).sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        assertThat(outside.only("dana@acme.test").getSubject()).startsWith(expectedSubjectStart);
        outside.purge();
    }

    @Test
    void anEditedStatusMapShouldApplyToTheNextCommand() throws Exception {
        Path statuses = conf().resolve("statuses.yaml");
        String good = Files.readString(statuses);
        try {
            String number = openTicket("Status map");
            // The admin removes new → pending-third-party.
            save(statuses, good.replace("new: [assigned, pending-third-party, pending-close, unconfirmed, closed]",
                    "new: [assigned, pending-close, unconfirmed, closed]"));
            mail().from("alice@helpdesk.test").to(SUPPORT).subject("Re: Ticket [" + number + "]").body("#status pending-third-party\n")
                    .sendTo(appliance.smtpPort());
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !outside.inbox("alice@helpdesk.test").isEmpty());

            assertThat(appliance.ticket(number).get("status").asText()).isEqualTo("new");
            assertThat(outside.inbox("alice@helpdesk.test").get(0).getContent().toString()).contains("#status pending-third-party");
            assertThat(page()).contains("conf/statuses.yaml");
        } finally {
            save(statuses, good);
        }
    }
}
