package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.Outside.addresses;
import static org.ticketmail.assembly.Outside.header;
import static org.ticketmail.assembly.TestMails.mail;


import javax.mail.Message.RecipientType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.ticketmail.store.TicketStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Email Connector's rules (seed 002, "Email Distribution via Email Connector" to "Ticket
 * Recipients") end to end: mail over SMTP into the real appliance, GreenMail as the relay and every
 * mailbox outside, Derby in a temp directory.
 */
class EmailConnectorIntegrationTest extends RunningAppliance {


    /** A customer opens a ticket; returns its number once the acknowledgment and distribution arrived. */
    private String openTicket(String subject) throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject(subject).body("It does not work.").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // acknowledgment to dana; alice, bob, carol
        String number = number(outside.only("dana@acme.test").getSubject());
        outside.purge();
        return number;
    }

    private static String number(String subject) {
        return ApplianceFixture.ticketNumber(subject);
    }

    private static String from(MimeMessage m) throws Exception {
        return ((InternetAddress) m.getFrom()[0]).toUnicodeString();
    }

    // --- Email-to-ticket: "Handle incoming emails" -------------------------------------------------------

    @Test
    void customerMailShouldOpenTicketAndAcknowledgeWithNumberAndReplyTo() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Printer broken").body("The printer is broken.")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());

        MimeMessage ack = outside.only("dana@acme.test");
        String number = number(ack.getSubject());
        assertThat(ack.getSubject()).isEqualTo("Received: Printer broken Ticket [" + number + "]");
        assertThat(from(ack)).isEqualTo("Support <" + SUPPORT + ">");
        assertThat(addresses(ack.getReplyTo())).containsExactly(SUPPORT);
        assertThat(addresses(ack.getRecipients(RecipientType.TO))).containsExactly("dana@acme.test");
        assertThat(header(ack, "Auto-Submitted")).isEqualTo("auto-replied");

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("status").asText()).isEqualTo("new");
        assertThat(ticket.get("account").asText()).isEqualTo("acme");
        assertThat(ticket.get("contact").asText()).isEqualTo("dana@acme.test");
        assertThat(ticket.get("manager").asText()).isEqualTo("alice");
        assertThat(ticket.get("inInbox").asBoolean()).isTrue();
        assertThat(ticket.get("recipients").toString()).isEqualTo("[{\"address\":\"dana@acme.test\",\"kind\":\"to\"},"
                + "{\"address\":\"alice@helpdesk.test\",\"kind\":\"employee\",\"employee\":\"alice\"},"
                + "{\"address\":\"bob@helpdesk.test\",\"kind\":\"employee\",\"employee\":\"bob\"},"
                + "{\"address\":\"carol@helpdesk.test\",\"kind\":\"employee\",\"employee\":\"carol\"},"
                + "{\"address\":\"gina@helpdesk.test\",\"kind\":\"employee\",\"employee\":\"gina\"}]");
        JsonNode in = ticket.get("history").get(0);
        assertThat(in.get("direction").asText()).isEqualTo("in");
        assertThat(in.get("public").asBoolean()).isTrue();
        assertThat(in.get("sender").asText()).isEqualTo("Dana Customer <dana@acme.test>");
        assertThat(in.get("text").asText()).isEqualTo("The printer is broken.");
        JsonNode out = ticket.get("history").get(1);
        assertThat(out.get("direction").asText()).isEqualTo("out");
        assertThat(out.get("messageId").asText()).isEqualTo(ack.getMessageID());
    }

    @Test
    void customerMailShouldReachManagerInToAndOtherEmployeeRecipientsInCc() throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Scanner jams").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = number(outside.only("dana@acme.test").getSubject());

        MimeMessage toManager = outside.only("alice@helpdesk.test");
        assertThat(from(toManager)).isEqualTo("Dana Customer <" + SUPPORT + ">");
        assertThat(addresses(toManager.getReplyTo())).containsExactly(SUPPORT);
        assertThat(addresses(toManager.getRecipients(RecipientType.TO))).containsExactly("alice@helpdesk.test");
        assertThat(addresses(toManager.getRecipients(RecipientType.CC))).containsExactly("bob@helpdesk.test", "carol@helpdesk.test");
        assertThat(header(toManager, "Bcc")).isNull();
        assertThat(toManager.getSubject()).isEqualTo("Scanner jams Ticket [" + number + "]");
        assertThat(outside.only("bob@helpdesk.test").getSubject()).isEqualTo("Scanner jams Ticket [" + number + "]");
        assertThat(outside.only("carol@helpdesk.test").getMessageID()).isEqualTo(toManager.getMessageID());
        // SUBSCRIBED without subscription, OFF, inactive, no privilege: nothing.
        assertThat(outside.inbox("dave@helpdesk.test")).isEmpty();
        assertThat(outside.inbox("erin@helpdesk.test")).isEmpty();
        assertThat(outside.inbox("frank@helpdesk.test")).isEmpty();
        assertThat(outside.inbox("gina@helpdesk.test")).isEmpty();
    }

    // --- Employee correspondence: "Send email via any email application", "Click Reply" -----------------

    @Test
    void employeeReplyShouldReachExternalRecipientsInToAndEmployeesInBccButNeverTheSender() throws Exception {
        String number = openTicket("VPN down");

        mail().from("Alice Tech <alice@helpdesk.test>").to(SUPPORT).subject("RE: VPN down Ticket [" + number + "]")
                .body("Please restart the router.\n\nOn Mon, Nov 2, 2026 at 10:00 AM Dana <dana@acme.test> wrote:\n> It does not work.")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // dana; bob, carol in Bcc

        MimeMessage toCustomer = outside.only("dana@acme.test");
        assertThat(from(toCustomer)).isEqualTo("Alice Tech <" + SUPPORT + ">");
        assertThat(addresses(toCustomer.getReplyTo())).containsExactly(SUPPORT);
        assertThat(addresses(toCustomer.getRecipients(RecipientType.TO))).containsExactly("dana@acme.test");
        assertThat(toCustomer.getRecipients(RecipientType.CC)).isNull();
        assertThat(header(toCustomer, "Bcc")).isNull();
        assertThat(toCustomer.getSubject()).isEqualTo("RE: VPN down Ticket [" + number + "]");
        assertThat(outside.inbox("bob@helpdesk.test")).hasSize(1);
        assertThat(outside.inbox("carol@helpdesk.test")).hasSize(1);
        assertThat(outside.inbox("alice@helpdesk.test")).isEmpty();
        assertThat(outside.inbox("alice.mobile@example.test")).isEmpty();

        JsonNode entry = appliance.ticket(number).get("history").get(2);
        assertThat(entry.get("direction").asText()).isEqualTo("out");
        assertThat(entry.get("public").asBoolean()).isTrue();
        assertThat(entry.get("text").asText()).isEqualTo("Please restart the router.");
    }

    @Test
    void employeeMailFromSecondAddressShouldBeRecognised() throws Exception {
        String number = openTicket("Mail quota");

        mail().from("alice.mobile@example.test").to(SUPPORT).subject("Ticket [" + number + "] quota raised").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        assertThat(from(outside.only("dana@acme.test"))).isEqualTo("Alice Tech <" + SUPPORT + ">");
    }

    @Test
    void mailFromAddressSharedByTwoEmployeesShouldOpenTicketWithoutAcknowledgment() throws Exception {
        String number = openTicket("Shared desk");

        mail().from("desk@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "] from the desk").sendTo(appliance.smtpPort());
        // desk@ is no employee (two list it) and may not write to the ticket: a new ticket for carol (ALL), and no
        // acknowledgment, since the address belongs to the help desk.
        outside.awaitExactly(1, appliance.smtpPort());

        String other = number(outside.only("carol@helpdesk.test").getSubject());
        assertThat(other).isNotEqualTo(number);
        assertThat(outside.inbox("desk@helpdesk.test")).isEmpty();
        assertThat(appliance.ticket(other).get("recipients").toString()).doesNotContain("desk@helpdesk.test");
    }

    @Test
    void useEmployeeSenderNameShouldBeOnByDefault() throws Exception {
        String number = openTicket("Sender name");

        mail().from("bob@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "]").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        assertThat(from(outside.only("dana@acme.test"))).isEqualTo("Bob Manager <" + SUPPORT + ">");
    }

    // --- Internal mail ------------------------------------------------------------------------------------

    @Test
    void subjectKeywordShouldKeepMailInternalAndNotPublic() throws Exception {
        String number = openTicket("Server room");

        mail().from("Alice Tech <alice@helpdesk.test>").to(SUPPORT).subject("*123* Ticket [" + number + "] customer is difficult")
                .body("Between us.").sendTo(appliance.smtpPort());
        outside.awaitExactly(2, appliance.smtpPort()); // bob, carol

        assertThat(outside.inbox("dana@acme.test")).isEmpty();
        MimeMessage internal = outside.only("bob@helpdesk.test");
        assertThat(addresses(internal.getRecipients(RecipientType.TO))).containsExactly(SUPPORT);
        assertThat(outside.inbox("carol@helpdesk.test")).hasSize(1);
        JsonNode entry = appliance.ticket(number).get("history").get(2);
        assertThat(entry.get("public").asBoolean()).isFalse();
        assertThat(entry.get("note").asText()).isEqualTo("internal (subject keyword)");
    }

    @Test
    void employeeMailWithSupportOnlyInCcShouldBeInternal() throws Exception {
        String number = openTicket("Cc rule");

        mail().from("alice@helpdesk.test").to("carol@helpdesk.test").cc(SUPPORT).envelope(SUPPORT)
                .subject("Ticket [" + number + "] note").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // bob; carol was in To, so the mail reached her directly

        assertThat(outside.inbox("dana@acme.test")).isEmpty();
        assertThat(appliance.ticket(number).get("history").get(2).get("public").asBoolean()).isFalse();
    }

    @Test
    void employeeMailWithSupportOnlyInBccShouldBeInternal() throws Exception {
        String number = openTicket("Bcc rule");

        mail().from("alice@helpdesk.test").to("carol@helpdesk.test").envelope(SUPPORT)
                .subject("Ticket [" + number + "] note").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // bob

        assertThat(outside.inbox("dana@acme.test")).isEmpty();
        assertThat(appliance.ticket(number).get("history").get(2).get("note").asText())
                .isEqualTo("internal (support address only in Cc/Bcc)");
    }

    @Test
    void customerMailWithSupportInCcShouldCountAsTo() throws Exception {
        String number = openTicket("Customer Cc");

        mail().from("dana@acme.test").to("someone@acme.test").cc(SUPPORT).envelope(SUPPORT)
                .subject("Ticket [" + number + "] more info").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // alice To, bob and carol Cc

        JsonNode entry = appliance.ticket(number).get("history").get(2);
        assertThat(entry.get("public").asBoolean()).isTrue();
        assertThat(addresses(outside.only("alice@helpdesk.test").getRecipients(RecipientType.TO))).containsExactly("alice@helpdesk.test");
    }

    // --- Recipients -----------------------------------------------------------------------------------------

    @Test
    void toAndCcAddressesShouldJoinTicketAndReceiveLaterMailButNoSecondCopyOfThisOne() throws Exception {
        String number = openTicket("Auto add");

        mail().from("dana@acme.test").to(SUPPORT).cc("ed@gmail.test", "dave@helpdesk.test").subject("Ticket [" + number + "] adding people")
                .envelope(SUPPORT).sendTo(appliance.smtpPort());
        // alice To; bob, carol Cc. Dave and Ed were in Cc: the mail reached them directly, the gateway sends no second copy.
        outside.awaitExactly(3, appliance.smtpPort());
        assertThat(addresses(outside.only("alice@helpdesk.test").getRecipients(RecipientType.CC)))
                .containsExactly("bob@helpdesk.test", "carol@helpdesk.test");
        assertThat(outside.inbox("dave@helpdesk.test")).isEmpty();
        assertThat(outside.inbox("ed@gmail.test")).isEmpty();
        outside.purge();

        mail().from("alice@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "] answer").sendTo(appliance.smtpPort());
        outside.awaitExactly(5, appliance.smtpPort()); // dana To, ed Cc; bob, carol, dave Bcc

        MimeMessage toEd = outside.only("ed@gmail.test");
        assertThat(addresses(toEd.getRecipients(RecipientType.TO))).containsExactly("dana@acme.test");
        assertThat(addresses(toEd.getRecipients(RecipientType.CC))).containsExactly("ed@gmail.test");
        assertThat(outside.inbox("dave@helpdesk.test")).hasSize(1);
        JsonNode recipients = appliance.ticket(number).get("recipients");
        assertThat(recipients.toString()).contains("{\"address\":\"ed@gmail.test\",\"kind\":\"cc\"}")
                .contains("{\"address\":\"dave@helpdesk.test\",\"kind\":\"employee\",\"employee\":\"dave\"}");
    }

    @Test
    void employeeWhoCcsANewContactShouldSendThatContactOneCopy() throws Exception {
        String number = openTicket("New contact");

        mail().from("Alice Tech <alice@helpdesk.test>").to(SUPPORT).cc("frida@acme.test").subject("Ticket [" + number + "] looping in Frida")
                .sendTo(appliance.smtpPort());
        // dana; bob, carol Bcc; and Frida once: the original, which the appliance relayed for alice's client.
        outside.awaitExactly(4, appliance.smtpPort());
        assertThat(from(outside.only("frida@acme.test"))).isEqualTo("Alice Tech <alice@helpdesk.test>");
        outside.purge();

        mail().from("alice@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "] and now").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // dana To, frida Cc; bob, carol Bcc
        assertThat(from(outside.only("frida@acme.test"))).isEqualTo("Alice Tech <" + SUPPORT + ">");
    }

    @Test
    void replyAllOfTechniciansShouldGiveEachOfThemOneCopy() throws Exception {
        String number = openTicket("Reply all");

        mail().from("alice@helpdesk.test").to(SUPPORT).cc("bob@helpdesk.test", "carol@helpdesk.test").subject("RE: Ticket [" + number + "]")
                .body("Bob, Carol: I take it.").sendTo(appliance.smtpPort());
        // dana gets the gateway's copy; bob and carol the original their colleague sent them, and nothing more.
        outside.awaitExactly(3, appliance.smtpPort());
        assertThat(outside.inbox("bob@helpdesk.test")).hasSize(1);
        assertThat(outside.inbox("carol@helpdesk.test")).hasSize(1);
        assertThat(from(outside.only("dana@acme.test"))).isEqualTo("Alice Tech <" + SUPPORT + ">");
    }

    @Test
    void groupAddressInCcShouldAddItsMembers() throws Exception {
        String number = openTicket("Group");

        mail().from("dana@acme.test").to(SUPPORT).cc("Team: ed@gmail.test, zed@acme.test;").envelope(SUPPORT)
                .subject("Ticket [" + number + "] with the team").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // alice To; bob, carol Cc

        String recipients = appliance.ticket(number).get("recipients").toString();
        assertThat(recipients).contains("{\"address\":\"ed@gmail.test\",\"kind\":\"cc\"}")
                .contains("{\"address\":\"zed@acme.test\",\"kind\":\"cc\"}").doesNotContain("team");
    }

    // --- Help-desk addresses are never customers -------------------------------------------------------------

    @Test
    void mailFromInactiveEmployeeShouldOpenTicketWithoutAcknowledgment() throws Exception {
        mail().from("Frank Former <frank@helpdesk.test>").to(SUPPORT).subject("I left, but").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // carol (ALL)

        assertThat(outside.inbox("frank@helpdesk.test")).isEmpty();
        String number = number(outside.only("carol@helpdesk.test").getSubject());
        assertThat(appliance.ticket(number).get("history")).hasSize(1);
    }

    @Test
    void mailFromEmployeeWithoutEmailPrivilegeShouldOpenTicketWithoutAcknowledgment() throws Exception {
        mail().from("gina@helpdesk.test").to(SUPPORT).subject("Limited").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // carol (ALL)

        assertThat(outside.inbox("gina@helpdesk.test")).isEmpty();
    }

    @Test
    void mailFromTheSupportAddressShouldNeverBeAcknowledgedToIt() throws Exception {
        mail().from("Support <" + SUPPORT + ">").to(SUPPORT).subject("Forwarded by a rule").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // carol (ALL)

        String number = number(outside.only("carol@helpdesk.test").getSubject());
        assertThat(appliance.ticket(number).get("history").get(0).get("note").asText())
                .isEqualTo("the sender address '" + SUPPORT + "' belongs to an employee or the support address; it is not a customer recipient");
    }

    @Test
    void inactiveEmployeeListedAsEmployeeRecipientShouldNotWriteAsCustomer() throws Exception {
        String number = openTicket("Frank listed");
        mail().from("dana@acme.test").to(SUPPORT).cc("frank@helpdesk.test").subject("Ticket [" + number + "] cc Frank")
                .envelope(SUPPORT).sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // alice; bob, carol
        assertThat(appliance.ticket(number).get("recipients").toString()).contains("\"employee\":\"frank\"");
        outside.purge();

        mail().from("frank@helpdesk.test").to(SUPPORT).subject("Ticket [" + number + "] let me in").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // a new ticket for carol (ALL); no acknowledgment to frank

        String other = number(outside.only("carol@helpdesk.test").getSubject());
        assertThat(other).isNotEqualTo(number);
        assertThat(appliance.ticket(number).get("history")).hasSize(3);
        assertThat(appliance.ticket(other).get("history").get(0).get("note").asText()).startsWith("the subject names Ticket [" + number
                + "], but the sender is neither an employee, a recipient of it nor a contact of its account; a new ticket was opened");
    }

    // --- Threading, redelivery, unknown and closed tickets --------------------------------------------------

    @Test
    void replyWithoutNumberShouldFindTicketByInReplyTo() throws Exception {
        mail().from("dana@acme.test").to(SUPPORT).subject("Threading").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        MimeMessage ack = outside.only("dana@acme.test");
        String number = number(ack.getSubject());
        outside.purge();

        mail().from("dana@acme.test").to(SUPPORT).subject("Re: my problem").header("In-Reply-To", ack.getMessageID())
                .body("Any news?").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        JsonNode history = appliance.ticket(number).get("history");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("threading").asText()).isEqualTo("new-ticket");
        assertThat(history.get(1).has("threading")).as("the acknowledgment the gateway wrote").isFalse();
        assertThat(history.get(2).get("threading").asText()).isEqualTo("signed-reference");
        assertThat(outside.only("alice@helpdesk.test").getSubject()).isEqualTo("Re: my problem Ticket [" + number + "]");
    }

    @Test
    void aForgedReferenceShouldOpenANewTicketAndSayWhy() throws Exception {
        String target = openTicket("Someone else's problem");
        mail().from("dana@acme.test").to(SUPPORT).subject("Mine").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String mine = outside.only("dana@acme.test").getMessageID();
        outside.purge();
        // Our Message-ID's shape, with the number of the ticket to get into: the signature no longer matches.
        String forged = mine.replaceFirst("<tm\\.[^.]+\\.", "<tm." + target + ".");

        mail().from("dana@acme.test").to(SUPPORT).subject("Re: no tag here").header("In-Reply-To", forged).sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort()); // a new ticket: acknowledgment; alice, bob, carol

        String opened = number(outside.only("dana@acme.test").getSubject());
        assertThat(opened).isNotEqualTo(target);
        assertThat(appliance.ticket(target).get("history")).hasSize(2);
        JsonNode entry = appliance.ticket(opened).get("history").get(0);
        assertThat(entry.get("threading").asText()).isEqualTo("refused");
        assertThat(entry.get("note").asText()).isEqualTo("the mail answers the message " + forged + " by a reference that carries"
                + " no valid ticketmail signature; a new ticket was opened (put the ticket tag in the subject to add to a ticket)");
    }

    @Test
    void aReplyWithTheTicketTagShouldRecordThreadingBySubject() throws Exception {
        String number = openTicket("By subject");

        mail().from("dana@acme.test").to(SUPPORT).subject("Re: Ticket [" + number + "] by subject").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        assertThat(appliance.ticket(number).get("history").get(2).get("threading").asText()).isEqualTo("subject");
    }

    @Test
    void redeliveredMessageShouldBeRecordedAndDistributedOnce() throws Exception {
        String number = openTicket("Redelivery");
        TestMails reply = mail().from("dana@acme.test").to(SUPPORT).subject("Ticket [" + number + "] again").messageId("<redelivered-1@acme.test>");

        reply.sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());
        reply.sendTo(appliance.smtpPort());
        // A later mail proves the redelivery was processed (the spooler works in order of arrival per sender here).
        mail().from("dana@acme.test").to(SUPPORT).subject("Ticket [" + number + "] marker").sendTo(appliance.smtpPort());
        outside.awaitExactly(6, appliance.smtpPort());

        JsonNode history = appliance.ticket(number).get("history");
        assertThat(history).hasSize(4); // opening, ack, reply, marker
        assertThat(outside.inbox("alice@helpdesk.test")).hasSize(2);
    }

    @Test
    void unknownTicketNumberShouldOpenNewTicketAndSayWhy() throws Exception {
        mail().from("dana@acme.test").to(SUPPORT).subject("Re: Ticket [0101-9999] old problem").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());

        String number = number(outside.only("dana@acme.test").getSubject());
        assertThat(number).isNotEqualTo("0101-9999");
        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("subject").asText()).isEqualTo("Re: old problem");
        assertThat(ticket.get("history").get(0).get("note").asText())
                .isEqualTo("the subject names Ticket [0101-9999], which does not exist; a new ticket was opened");
        assertThat(outside.only("alice@helpdesk.test").getSubject()).isEqualTo("Re: Ticket [" + number + "] old problem");
    }

    @Test
    void customerReplyShouldReopenClosedTicket() throws Exception {
        String number = openTicket("Closed then reopened");
        appliance.appliance.store().setState(number, TicketStatus.CLOSED, false);

        mail().from("dana@acme.test").to(SUPPORT).subject("Ticket [" + number + "] it is broken again").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort());

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("status").asText()).isEqualTo("reopened");
        assertThat(ticket.get("inInbox").asBoolean()).isTrue();
        assertThat(ticket.get("history").get(2).get("note").asText()).isEqualTo("the ticket was closed and is reopened by this customer reply");
    }

    @Test
    void customerOfOtherAccountShouldNotAttachToTicketByNumber() throws Exception {
        String number = openTicket("Acme only");

        mail().from("mallory@globex.test").to(SUPPORT).subject("Ticket [" + number + "] let me in").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // acknowledgment of a new ticket to mallory; dave (globex's manager) in To, carol (ALL) in Cc

        String other = number(outside.only("mallory@globex.test").getSubject());
        assertThat(other).isNotEqualTo(number);
        assertThat(appliance.ticket(number).get("history")).hasSize(2);
        assertThat(outside.only("dave@helpdesk.test").getSubject()).isEqualTo("Ticket [" + other + "] let me in");
        assertThat(outside.inbox("carol@helpdesk.test")).hasSize(1);
    }

    @Test
    void customerOfOtherAccountShouldNotAttachToTicketByThreadAndBeToldWhy() throws Exception {
        mail().from("dana@acme.test").to(SUPPORT).subject("Acme thread").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        MimeMessage ack = outside.only("dana@acme.test");
        String number = number(ack.getSubject());
        outside.purge();

        mail().from("mallory@globex.test").to(SUPPORT).subject("Re: Acme thread").header("In-Reply-To", ack.getMessageID())
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // acknowledgment to mallory; dave To, carol Cc

        String other = number(outside.only("mallory@globex.test").getSubject());
        assertThat(other).isNotEqualTo(number);
        assertThat(appliance.ticket(number).get("history")).hasSize(2);
        assertThat(appliance.ticket(other).get("history").get(0).get("note").asText()).isEqualTo("the mail answers a message of Ticket ["
                + number + "], but the sender is neither an employee, a recipient of it nor a contact of its account; a new ticket was opened");
    }

    @Test
    void autoReplyShouldBeHeldAndMakeNoTicketTraffic() throws Exception {
        long before = appliance.appliance.store().countTickets();
        mail().from("dana@acme.test").to(SUPPORT).subject("Out of office").header("Auto-Submitted", "auto-replied").sendTo(appliance.smtpPort());
        mail().from("dana@acme.test").to(SUPPORT).subject("after the auto-reply").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());

        assertThat(appliance.appliance.store().countTickets()).isEqualTo(before + 1);
        assertThat(appliance.get("/api/held").get("held").toString()).contains("Out of office");
    }

    // --- The JSON view -------------------------------------------------------------------------------------

    @Test
    void jsonViewShouldAnswerUnknownNumberWith404() throws Exception {
        JsonNode missing = appliance.ticket("0000-0000");

        assertThat(missing.get("httpStatus").asInt()).isEqualTo(404);
        assertThat(missing.get("error").asText()).isEqualTo("no ticket 0000-0000");
    }

    @Test
    void jsonViewShouldListTicketsUpdatedSince() throws Exception {
        String number = openTicket("Listed");

        JsonNode list = appliance.get("/api/tickets?updatedSince=2000-01-01T00:00:00Z");
        assertThat(list.get("tickets").toString()).contains("\"number\":\"" + number + "\"");
        JsonNode later = appliance.get("/api/tickets?updatedSince=2999-01-01T00:00:00Z");
        assertThat(later.get("tickets")).isEmpty();
        assertThat(appliance.get("/api/tickets?updatedSince=yesterday").get("httpStatus").asInt()).isEqualTo(400);
    }
}
