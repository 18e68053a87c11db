package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.mail.Message;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnswerSenderTest {
    /** Any history id: AnswerSender only checks that RecordHistory ran. */
    static final long RECORDED = 1;
    static final String ORIGINAL_ID = "<cmd-1@helpdesk.test>";
    static final String CHANGES = "status: new → assigned\npriority: normal → high";
    static final String REFUSED = "#status nonsense\n'nonsense' is not a status\n#assign zed\n'zed' is not an active employee";

    Fixtures f;
    String number;
    AnswerSender mailet;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures();
        number = f.acmeTicket();
        mailet = f.init(new AnswerSender(f.store, f.directories, Fixtures.GATEWAY));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** alice's mail on the ticket from {@code from}, as RecordHistory leaves it. */
    private FakeMail recorded(String from) throws Exception {
        FakeMail mail = Fixtures.from(mail(message(from, "Re: Printer broken Ticket [" + number + "]").addHeader("Message-ID", ORIGINAL_ID)),
                SenderKind.EMPLOYEE, "alice");
        TicketAttributes.set(mail, TicketAttributes.TICKET, number);
        TicketAttributes.set(mail, TicketAttributes.RECORDED, RECORDED);
        return mail;
    }

    private FakeMail withChanges() throws Exception {
        FakeMail mail = recorded("alice@helpdesk.test");
        TicketAttributes.set(mail, TicketAttributes.CHANGES, CHANGES);
        return mail;
    }

    private FakeMail withRefusals() throws Exception {
        FakeMail mail = recorded("alice@helpdesk.test");
        TicketAttributes.set(mail, TicketAttributes.REFUSED, REFUSED);
        return mail;
    }

    private FakeMail unverified() throws Exception {
        FakeMail mail = recorded("alice.mobile@example.test");
        TicketAttributes.set(mail, TicketAttributes.VERIFIED, IdentifySender.UNVERIFIED);
        return mail;
    }

    /** The one answer sent for {@code mail}. */
    private FakeMailContext.SentMail answer(FakeMail mail) throws Exception {
        mailet.service(mail);
        assertThat(f.context.getSentMails()).hasSize(1);
        return f.context.getSentMails().get(0);
    }

    /**
     * The text of {@code m} with LF line ends: the mail context hands on a copy of the message, and a body with a
     * non-ASCII character (the → of the changes) is quoted-printable, whose line ends are CRLF.
     */
    private static String text(MimeMessage m) throws Exception {
        return ((String) m.getContent()).replace("\r\n", "\n");
    }

    private static String to(MimeMessage m) throws Exception {
        return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).toUnicodeString();
    }

    // confirmation

    @Test
    void serviceShouldConfirmChangesListingEachOnItsOwnLine() throws Exception {
        assertThat(text(answer(withChanges()).getMsg())).isEqualTo("Hello Alice Tech,\n\nyour commands changed Ticket [" + number
                + "]:\n\n  status: new → assigned\n  priority: normal → high\n\nThe ticket is now new, managed by Alice Tech.\n\nSupport\n");
    }

    @Test
    void serviceShouldSendConfirmationToTheSenderFromTheSupportAddress() throws Exception {
        FakeMailContext.SentMail sent = answer(withChanges());

        assertThat(sent.getSender().asString()).isEqualTo(SUPPORT);
        assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("alice@helpdesk.test");
        assertThat(to(sent.getMsg())).isEqualTo("Alice Tech <alice@helpdesk.test>");
        assertThat(((InternetAddress) sent.getMsg().getFrom()[0]).toUnicodeString()).isEqualTo("Support <support@helpdesk.test>");
    }

    @Test
    void serviceShouldSendConfirmationToTheAddressTheEmployeeWroteFrom() throws Exception {
        FakeMail mail = recorded("alice.mobile@example.test");
        TicketAttributes.set(mail, TicketAttributes.CHANGES, CHANGES);

        FakeMailContext.SentMail sent = answer(mail);

        assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("alice.mobile@example.test");
        assertThat(to(sent.getMsg())).isEqualTo("Alice Tech <alice.mobile@example.test>");
    }

    @Test
    void serviceShouldPutTicketTagInConfirmationSubject() throws Exception {
        assertThat(answer(withChanges()).getMsg().getSubject()).isEqualTo("Done: Printer broken Ticket [" + number + "]");
    }

    @Test
    void serviceShouldMarkAnswerAsAutoReply() throws Exception {
        assertThat(answer(withChanges()).getMsg().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    @Test
    void serviceShouldThreadAnswerUnderTheEmployeesMail() throws Exception {
        MimeMessage m = answer(withChanges()).getMsg();

        assertThat(m.getHeader("In-Reply-To", null)).isEqualTo(ORIGINAL_ID);
        assertThat(m.getHeader("References", null)).isEqualTo(ORIGINAL_ID);
    }

    @Test
    void serviceShouldGiveTheAnswerAMessageIdSignedForTheTicket() throws Exception {
        MimeMessage m = answer(withChanges()).getMsg();

        assertThat(Fixtures.GATEWAY.threadIds().ticketOf(m.getMessageID())).contains(number);
    }

    @Test
    void serviceShouldSendAnswerToTheRelayProcessor() throws Exception {
        assertThat(answer(withChanges()).getState()).isEqualTo("relay");
    }

    @Test
    void serviceShouldSendAnswerToTheConfiguredRelayProcessor() throws Exception {
        mailet = f.init(new AnswerSender(f.store, f.directories, Fixtures.GATEWAY), "relayProcessor", "outgoing");

        assertThat(answer(withChanges()).getState()).isEqualTo("outgoing");
    }

    // command error

    @Test
    void serviceShouldQuoteEachRefusedLineWithItsReason() throws Exception {
        assertThat(text(answer(withRefusals()).getMsg())).isEqualTo("Hello Alice Tech,\n\nthe commands of your mail to Ticket ["
                + number + "] could not all be applied, so none was, and your mail was\nkept on the ticket as an internal note but not"
                + " sent to anyone:\n\n  > #status nonsense\n    'nonsense' is not a status\n\n  > #assign zed\n    'zed' is not an active"
                + " employee\n\nCorrect the lines above and send your mail again.\n\nSupport\n");
    }

    @Test
    void serviceShouldSendCommandErrorToTheSenderWithTicketTagInSubject() throws Exception {
        MimeMessage m = answer(withRefusals()).getMsg();

        assertThat(to(m)).isEqualTo("Alice Tech <alice@helpdesk.test>");
        assertThat(m.getSubject()).isEqualTo("Not done: Printer broken Ticket [" + number + "]");
        assertThat(m.getHeader("In-Reply-To", null)).isEqualTo(ORIGINAL_ID);
        assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    @Test
    void serviceShouldSendOnlyCommandErrorWhenChangesAndRefusalsAreBothSet() throws Exception {
        FakeMail mail = withRefusals();
        TicketAttributes.set(mail, TicketAttributes.CHANGES, CHANGES);

        assertThat(answer(mail).getMsg().getSubject()).isEqualTo("Not done: Printer broken Ticket [" + number + "]");
    }

    // unverified

    @Test
    void serviceShouldTellTheEmployeeAtTheirPrimaryAddressOfUnverifiedMailInTheirName() throws Exception {
        FakeMailContext.SentMail sent = answer(unverified());

        assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("alice@helpdesk.test");
        assertThat(to(sent.getMsg())).isEqualTo("Alice Tech <alice@helpdesk.test>");
        assertThat(sent.getMsg().getSubject()).isEqualTo("A mail in your name: Printer broken Ticket [" + number + "]");
    }

    @Test
    void serviceShouldExplainUnverifiedMail() throws Exception {
        assertThat(text(answer(unverified()).getMsg())).isEqualTo("Hello Alice Tech,\n\na mail with your address in From reached"
                + " support@helpdesk.test for Ticket [" + number + "], but it was not sent the\nway your help desk trusts (SMTP AUTH, or"
                + " from a trusted network). It was kept as an internal note\nfor employees only, and its commands, if any, did not run."
                + "\n\nIf you sent it, send it again from your usual mail server. If you did not, tell your administrator.\n\nSupport\n");
    }

    @Test
    void serviceShouldSignTheUnverifiedNoticesMessageIdForTheTicket() throws Exception {
        MimeMessage m = answer(unverified()).getMsg();

        assertThat(m.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(m.getHeader("In-Reply-To", null)).isEqualTo(ORIGINAL_ID);
        assertThat(Fixtures.GATEWAY.threadIds().ticketOf(m.getMessageID())).contains(number);
    }

    // nothing to say

    @Test
    void serviceShouldSendNothingForCustomerMail() throws Exception {
        FakeMail mail = Fixtures.from(mail(message("dana@acme.test", "Re: Ticket [" + number + "]")), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(mail, TicketAttributes.TICKET, number);
        TicketAttributes.set(mail, TicketAttributes.RECORDED, RECORDED);

        mailet.service(mail);

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldSendNothingForEmployeeMailWithoutCommands() throws Exception {
        mailet.service(recorded("alice@helpdesk.test"));

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldRefuseMailThatWasNotRecorded() throws Exception {
        FakeMail mail = withChanges();
        mail.removeAttribute(TicketAttributes.RECORDED.name());

        assertThatThrownBy(() -> mailet.service(mail)).hasMessage("AnswerSender needs the mail attribute ticketmail.recorded, which"
                + " RecordHistory sets; put RecordHistory before AnswerSender in the ticket processor of mailetcontainer.xml");
    }

    // init

    @Test
    void initShouldUseTemplateFileFromTemplatesDirectory(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("confirmation.txt"), "Subject: Changed _incident_id_\n\n_changes_\n");
        mailet = f.init(new AnswerSender(f.store, f.directories, Fixtures.GATEWAY), "templates", templates.toString());

        MimeMessage m = answer(withChanges()).getMsg();

        assertThat(m.getSubject()).isEqualTo("Changed " + number + " Ticket [" + number + "]");
        assertThat(text(m)).isEqualTo("  status: new → assigned\n  priority: normal → high\n");
    }

    @Test
    void initShouldRefuseBrokenTemplateFile(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("command-error.txt"), "Not done\n");

        assertThatThrownBy(() -> f.init(new AnswerSender(f.store, f.directories, Fixtures.GATEWAY), "templates",
                templates.toString())).hasMessage("conf/templates/command-error.txt line 1: the first line must be 'Subject: ...',"
                + " e.g. 'Subject: _tag_ _incident_title_'");
    }

    @Test
    void initShouldRefuseUnknownParameter() {
        assertThatThrownBy(() -> f.init(new AnswerSender(f.store, f.directories, Fixtures.GATEWAY), "template", "conf"))
                .hasMessage("mailetcontainer.xml: AnswerSender has no parameter 'template'; it takes relayProcessor, templates");
    }

    @Test
    void mailetShouldRequireTheRelayProcessor() {
        assertThat(mailet.requiredProcessingState()).containsExactly(new ProcessingState("relay"));
    }
}
