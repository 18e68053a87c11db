package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Working a ticket by email: technicians' commands at the top of their mail, end to end (SMTP in,
 * GreenMail out, Derby). The test client is on 127.0.0.1, which the default employee.trustedNetworks
 * trusts; TrustPolicyIntegrationTest covers mail that is not trusted.
 */
class CommandsIntegrationTest extends RunningAppliance {

    /** A customer opens a ticket (acme: alice manages; bob, carol listed); returns its number. */
    private String openTicket(String subject) throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject(subject).body("It does not work.").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();
        return number;
    }

    private void alice(String number, String body) throws Exception {
        mail().from("Alice Tech <alice@helpdesk.test>").to(SUPPORT).subject("RE: Ticket [" + number + "]").body(body)
                .sendTo(appliance.smtpPort());
    }

    private static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        return (content instanceof String s ? s : String.valueOf(content)).replace("\r\n", "\n");
    }

    @Test
    void assignShouldChangeManagerAndStatusAndConfirmAndLeaveTheCommandOutOfTheText() throws Exception {
        String number = openTicket("Printer");

        alice(number, "#assign bob\nBob will come by this afternoon.");
        outside.awaitExactly(4, appliance.smtpPort()); // dana; bob, carol Bcc; confirmation to alice

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("manager").asText()).isEqualTo("bob");
        assertThat(ticket.get("status").asText()).isEqualTo("assigned");
        assertThat(ticket.get("history").get(2).get("text").asText()).isEqualTo("Bob will come by this afternoon.");
        assertThat(ticket.get("changes").toString()).contains("\"by\":\"alice\",\"field\":\"manager\",\"from\":\"alice\",\"to\":\"bob\"")
                .contains("\"field\":\"status\",\"from\":\"new\",\"to\":\"assigned\"");
        assertThat(text(outside.only("dana@acme.test"))).doesNotContain("#assign").contains("Bob will come by this afternoon.");
        MimeMessage confirmation = outside.only("alice@helpdesk.test");
        assertThat(confirmation.getSubject()).isEqualTo("Done: Printer Ticket [" + number + "]");
        assertThat(text(confirmation)).contains("  manager: alice → bob\n  status: new → assigned").contains("now assigned, managed by Bob Manager");
        assertThat(Outside.header(confirmation, "Auto-Submitted")).isEqualTo("auto-replied");
    }

    @Test
    void mailWithOneBadCommandShouldChangeNothingReachNobodyAndExplain() throws Exception {
        String number = openTicket("Transaction");

        mail().from("Alice Tech <alice@helpdesk.test>").to(SUPPORT).cc("ed@gmail.test").envelope(SUPPORT).subject("RE: Ticket [" + number + "]")
                .body("#priority high\n#clsoe solved\n#assign zed\nDone, closing.").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // only the error mail to alice

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("priority").asText()).isEqualTo("normal");
        assertThat(ticket.get("changes")).isEmpty();
        assertThat(ticket.get("recipients").toString()).doesNotContain("ed@gmail.test"); // its Cc does not join either
        JsonNode entry = ticket.get("history").get(2);
        assertThat(entry.get("public").asBoolean()).isFalse();
        assertThat(entry.get("note").asText()).startsWith("its commands were refused, so none applied and the mail was not sent on:");
        String error = text(outside.only("alice@helpdesk.test"));
        assertThat(error).contains("  > #clsoe solved\n    #clsoe is not a command; commands are #assign, #status,")
                .contains("  > #assign zed\n    'zed' is not an active employee of conf/directory.yaml; employees are alice, bob, carol,")
                .doesNotContain("#priority high\n    ");
    }

    @Test
    void statusMapShouldRefuseAMoveItDoesNotAllow() throws Exception {
        String number = openTicket("Status map");

        alice(number, "#status reopened");
        outside.awaitExactly(1, appliance.smtpPort());

        assertThat(appliance.ticket(number).get("status").asText()).isEqualTo("new");
        assertThat(text(outside.only("alice@helpdesk.test"))).contains("  > #status reopened\n    the status map does not allow"
                + " new → reopened; from new a ticket may go to assigned, pending-third-party, pending-close, unconfirmed, closed");
    }

    @Test
    void closeLockAndACustomerReplyShouldOpenANewTicketThatRefersToIt() throws Exception {
        String number = openTicket("Toner");

        alice(number, "#close solved Replaced the toner.\n#lock\nAll fixed, closing.");
        outside.awaitExactly(5, appliance.smtpPort()); // dana; bob, carol; confirmation; the closure alert to dana
        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("status").asText()).isEqualTo("closed");
        assertThat(ticket.get("resolution").asText()).isEqualTo("solved");
        assertThat(ticket.get("epilogue").asText()).isEqualTo("Replaced the toner.");
        assertThat(ticket.get("locked").asBoolean()).isTrue();
        assertThat(ticket.get("inInbox").asBoolean()).isFalse();
        outside.purge();

        mail().from("dana@acme.test").to(SUPPORT).subject("Re: Ticket [" + number + "] toner again").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // a new ticket: acknowledgment; alice, bob, carol

        String other = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        assertThat(other).isNotEqualTo(number);
        assertThat(appliance.ticket(number).get("status").asText()).isEqualTo("closed");
        assertThat(appliance.ticket(other).get("history").get(0).get("note").asText())
                .isEqualTo("refers to Ticket [" + number + "], which is closed and locked; a new ticket was opened");
    }

    @Test
    void customerReplyShouldReopenAClosedUnlockedTicket() throws Exception {
        String number = openTicket("Reopen");
        alice(number, "#close");
        outside.awaitExactly(4, appliance.smtpPort()); // bob, carol (only commands: employees only); confirmation; closure alert
        outside.purge();

        mail().from("dana@acme.test").to(SUPPORT).subject("Re: Ticket [" + number + "] still broken").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("status").asText()).isEqualTo("reopened");
        assertThat(ticket.get("changes").toString()).contains("\"field\":\"status\",\"from\":\"closed\",\"to\":\"reopened\"");
    }

    @Test
    void onlyTheManagerShouldCloseWithoutThePrivilege() throws Exception {
        String number = openTicket("Not yours");

        mail().from("bob@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "]").body("#close").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort());

        assertThat(appliance.ticket(number).get("status").asText()).isEqualTo("new");
        assertThat(text(outside.only("bob@helpdesk.test")))
                .contains("  > #close\n    only the ticket's manager (alice) or an employee with closeAnyTicket: true may close it");
    }

    @Test
    void lockedTicketShouldRefuseCommandsUntilUnlocked() throws Exception {
        String number = openTicket("Locked");
        alice(number, "#close\n#lock");
        outside.awaitExactly(4, appliance.smtpPort()); // bob, carol; confirmation; closure alert
        outside.purge();

        alice(number, "#reopen");
        outside.awaitExactly(1, appliance.smtpPort());
        assertThat(text(outside.only("alice@helpdesk.test"))).contains("  > #reopen\n    the ticket is closed and locked; send #unlock first");
        outside.purge();

        alice(number, "#unlock\n#reopen");
        outside.awaitExactly(3, appliance.smtpPort()); // bob, carol; confirmation (no status alerts by default)
        assertThat(appliance.ticket(number).get("status").asText()).isEqualTo("reopened");
        assertThat(appliance.ticket(number).get("locked").asBoolean()).isFalse();
    }

    @Test
    void internalCommandShouldKeepTheMailFromTheCustomer() throws Exception {
        String number = openTicket("Internal");

        alice(number, "#internal\nThe customer's printer is from 1998.");
        outside.awaitExactly(2, appliance.smtpPort()); // bob, carol; no ticket change, so no confirmation

        assertThat(outside.inbox("dana@acme.test")).isEmpty();
        JsonNode entry = appliance.ticket(number).get("history").get(2);
        assertThat(entry.get("public").asBoolean()).isFalse();
        assertThat(entry.get("note").asText()).isEqualTo("internal (#internal)");
    }

    @Test
    void publicCommandShouldSendAMailWithTheSupportOnlyInCcToTheCustomer() throws Exception {
        String number = openTicket("Public");

        mail().from("alice@helpdesk.test").to("carol@helpdesk.test").cc(SUPPORT).envelope(SUPPORT).subject("Ticket [" + number + "]")
                .body("#public\nDana, it is fixed.").sendTo(appliance.smtpPort());
        outside.awaitExactly(2, appliance.smtpPort()); // dana; bob Bcc (carol had it directly)

        assertThat(text(outside.only("dana@acme.test"))).contains("Dana, it is fixed.").doesNotContain("#public");
    }

    @Test
    void recipientCommandsShouldChangeWhoReceivesTheFollowingMail() throws Exception {
        String number = openTicket("Recipients");

        alice(number, "#add Ed@Gmail.test cc\n#remove bob@helpdesk.test\n#done");
        // only commands, so employees only: bob (no longer listed, but acme's account manager) and carol; confirmation
        outside.awaitExactly(3, appliance.smtpPort());
        outside.purge();
        mail().from("dave@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "]").body("#subscribe").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // alice, bob, carol; confirmation to dave
        outside.purge();

        mail().from("dana@acme.test").to(SUPPORT).subject("Ticket [" + number + "] thanks").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // alice To; bob, carol, dave Cc

        assertThat(outside.inbox("dave@helpdesk.test")).hasSize(1);
        String recipients = appliance.ticket(number).get("recipients").toString();
        assertThat(recipients).contains("{\"address\":\"ed@gmail.test\",\"kind\":\"cc\"}").contains("\"employee\":\"dave\"")
                .doesNotContain("\"employee\":\"bob\"");
    }

    @Test
    void unsubscribeShouldStopTheFollowingMail() throws Exception {
        String number = openTicket("Unsubscribe");
        mail().from("dave@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "]").body("#subscribe").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // alice, bob, carol (only commands: employees only); confirmation
        outside.purge();

        mail().from("dave@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "]").body("#unsubscribe").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        outside.purge();
        mail().from("dana@acme.test").to(SUPPORT).subject("Ticket [" + number + "] anyone?").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // alice To; bob, carol Cc

        assertThat(outside.inbox("dave@helpdesk.test")).isEmpty();
        assertThat(appliance.ticket(number).get("recipients").toString()).doesNotContain("\"employee\":\"dave\"");
    }

    @Test
    void inboxAccountAndTimeShouldShowInTheJsonViewAndItsFilters() throws Exception {
        String number = openTicket("Views");
        assertThat(appliance.get("/api/tickets?inbox=true").get("tickets").toString()).contains(number);

        alice(number, "#done\n#account globex\n#time 30m drove there\n#time 1h15m fixed it\n#priority urgent\nDone.");
        outside.awaitExactly(4, appliance.smtpPort()); // dana; bob, carol; confirmation

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("inInbox").asBoolean()).isFalse();
        assertThat(ticket.get("account").asText()).isEqualTo("globex");
        assertThat(ticket.get("timeUsedMinutes").asInt()).isEqualTo(105);
        assertThat(ticket.get("priority").asText()).isEqualTo("urgent");
        assertThat(ticket.get("changes").toString()).contains("\"field\":\"time\",\"from\":\"30\",\"to\":\"105 (75 min: fixed it)\"");
        assertThat(appliance.get("/api/tickets?inbox=true").get("tickets").toString()).doesNotContain(number);
        assertThat(appliance.get("/api/tickets?manager=alice&status=new").get("tickets").toString()).contains(number);
        assertThat(appliance.get("/api/tickets?status=nonsense").get("httpStatus").asInt()).isEqualTo(400);
    }

    @Test
    void commandAboveAnAttributionLineShouldStillRun() throws Exception {
        String number = openTicket("Attribution");

        alice(number, "#status pending-third-party\nWaiting for the vendor.\n\nOn Mon, Nov 2, 2026 at 10:00 AM Dana <dana@acme.test> wrote:\n"
                + "> It does not work.");
        outside.awaitExactly(4, appliance.smtpPort());

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("status").asText()).isEqualTo("pending-third-party");
        assertThat(ticket.get("history").get(2).get("text").asText()).isEqualTo("Waiting for the vendor.");
    }

    @Test
    void customerCommandLinesShouldBeText() throws Exception {
        String number = openTicket("Customer hash");

        mail().from("dana@acme.test").to(SUPPORT).subject("Ticket [" + number + "]").body("#close\nPlease close it.").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // alice; bob, carol; no answer to dana

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("status").asText()).isEqualTo("new");
        assertThat(ticket.get("history").get(2).get("text").asText()).isEqualTo("#close\nPlease close it.");
    }

    @Test
    void scheduleForAnEmployeeWhoIsNoTechnicianShouldBeRefusedClearly() throws Exception {
        String number = openTicket("Schedule");

        alice(number, "#schedule 2026-12-01 14:00 90m");
        outside.awaitExactly(1, appliance.smtpPort());

        assertThat(text(outside.only("alice@helpdesk.test"))).contains("  > #schedule 2026-12-01 14:00 90m\n    'alice' is not an active"
                + " technician of conf/directory.yaml (technician: true); it lists none, so nobody can be scheduled yet");
    }
}
