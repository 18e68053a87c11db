package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.CLOCK;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.ProcessingState;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ticketmail.store.Direction;
import org.ticketmail.store.HistoryEntry;

class AcknowledgeNewTicketTest {
    /** Any history id: AcknowledgeNewTicket only checks that RecordHistory ran. */
    static final long RECORDED = 1;
    static final String ORIGINAL_ID = "<orig-1@client.test>";

    Fixtures f;
    String number;

    @BeforeEach
    void setUp() {
        f = new Fixtures();
        number = f.acmeTicket();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** A mail as RecordHistory leaves it when it opened {@link #number} (acme's "Printer broken"). */
    private FakeMail opened(String from, SenderKind kind, String who) throws Exception {
        return opened(message(from, "Printer broken"), kind, who);
    }

    private FakeMail opened(MimeMessageBuilder message, SenderKind kind, String who) throws Exception {
        FakeMail mail = Fixtures.from(mail(message.addHeader("Message-ID", ORIGINAL_ID)), kind, who);
        TicketAttributes.set(mail, TicketAttributes.TICKET, number);
        TicketAttributes.set(mail, TicketAttributes.RECORDED, RECORDED);
        TicketAttributes.set(mail, TicketAttributes.OPENED, true);
        return mail;
    }

    private FakeMail openedByDana() throws Exception {
        return opened("Dana Customer <dana@acme.test>", SenderKind.CUSTOMER, "acme");
    }

    private AcknowledgeNewTicket defaults() throws Exception {
        return f.init(new AcknowledgeNewTicket(f.store, f.directories, Fixtures.GATEWAY));
    }

    /** The one acknowledgment sent for {@code mail}. */
    private FakeMailContext.SentMail acknowledge(AcknowledgeNewTicket mailet, FakeMail mail) throws Exception {
        mailet.service(mail);
        assertThat(f.context.getSentMails()).hasSize(1);
        return f.context.getSentMails().get(0);
    }

    private MimeMessage acknowledgment() throws Exception {
        return acknowledge(defaults(), openedByDana()).getMsg();
    }

    @Test
    void serviceShouldSendAcknowledgmentToTheCustomerFromTheSupportAddress() throws Exception {
        FakeMailContext.SentMail sent = acknowledge(defaults(), openedByDana());

        assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("dana@acme.test");
        assertThat(sent.getSender().asString()).isEqualTo(SUPPORT);
        assertThat(sent.getMsg().getRecipients(javax.mail.Message.RecipientType.TO))
                .extracting(a -> ((InternetAddress) a).toUnicodeString()).containsExactly("Dana Customer <dana@acme.test>");
    }

    @Test
    void serviceShouldPutTheTicketsSubjectAndTagInTheAcknowledgmentsSubject() throws Exception {
        assertThat(acknowledgment().getSubject()).isEqualTo("Received: Printer broken Ticket [" + number + "]");
    }

    @Test
    void serviceShouldSendAcknowledgmentFromSupportNameAndAddress() throws Exception {
        assertThat(((InternetAddress) acknowledgment().getFrom()[0]).toUnicodeString()).isEqualTo("Support <" + SUPPORT + ">");
    }

    @Test
    void serviceShouldSetReplyToSupportAddress() throws Exception {
        assertThat(acknowledgment().getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly(SUPPORT);
    }

    @Test
    void serviceShouldMarkAcknowledgmentAsAutoReply() throws Exception {
        assertThat(acknowledgment().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    @Test
    void serviceShouldThreadAcknowledgmentUnderTheCustomersMail() throws Exception {
        MimeMessage ack = acknowledgment();

        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(ORIGINAL_ID);
        assertThat(ack.getHeader("References", null)).isEqualTo(ORIGINAL_ID);
    }

    @Test
    void serviceShouldFillTheDefaultTemplate() throws Exception {
        assertThat(acknowledgment().getContent()).isEqualTo("Hello Dana Customer,\n\nwe received your request and opened Ticket [" + number
                + "] for it.\nReply to this mail to add to the ticket, and keep \"Ticket [" + number + "]\" in the subject.\n\nSupport\n");
    }

    @Test
    void serviceShouldRecordAcknowledgmentInTheTicketsHistory() throws Exception {
        MimeMessage ack = acknowledgment();

        List<HistoryEntry> history = f.store.history(number);
        assertThat(history).hasSize(2);
        HistoryEntry h = history.get(1);
        assertThat(h).isEqualTo(new HistoryEntry(h.id(), number, CLOCK.instant(), Direction.OUT, true, "Support <" + SUPPORT + ">",
                "Received: Printer broken Ticket [" + number + "]", ((String) ack.getContent()).strip(),
                "automatic acknowledgment of the new ticket", ack.getMessageID()));
    }

    @Test
    void serviceShouldMapAcknowledgmentsMessageIdToTheTicket() throws Exception {
        MimeMessage ack = acknowledgment();

        assertThat(f.messageIds.ticketFor(ack.getMessageID())).contains(number);
    }

    @Test
    void serviceShouldSendAcknowledgmentToRelayProcessor() throws Exception {
        assertThat(acknowledge(defaults(), openedByDana()).getState()).isEqualTo("relay");
    }

    @Test
    void serviceShouldSendAcknowledgmentToConfiguredRelayProcessor() throws Exception {
        AcknowledgeNewTicket mailet = f.init(new AcknowledgeNewTicket(f.store, f.directories, Fixtures.GATEWAY), "relayProcessor", "outgoing");

        assertThat(acknowledge(mailet, openedByDana()).getState()).isEqualTo("outgoing");
    }

    @Test
    void serviceShouldAcknowledgeUnknownSender() throws Exception {
        FakeMailContext.SentMail sent = acknowledge(defaults(), opened("stranger@nowhere.test", SenderKind.UNKNOWN, null));

        assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("stranger@nowhere.test");
    }

    @Test
    void serviceShouldNotAcknowledgeTicketAnEmployeeOpened() throws Exception {
        defaults().service(opened("alice@helpdesk.test", SenderKind.EMPLOYEE, "alice"));

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldNotAcknowledgeMailThatOpenedNoTicket() throws Exception {
        FakeMail reply = openedByDana();
        reply.removeAttribute(TicketAttributes.OPENED.name());

        defaults().service(reply);

        assertThat(f.context.getSentMails()).isEmpty();
        assertThat(f.store.history(number)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"frank@helpdesk.test", "gina@helpdesk.test", "desk@helpdesk.test", SUPPORT})
    void serviceShouldNotAcknowledgeWhenSenderAddressBelongsToTheHelpDesk(String address) throws Exception {
        // inactive, without the email privilege, shared, the support address: IdentifySender calls them all unknown.
        defaults().service(opened(address, SenderKind.UNKNOWN, null));

        assertThat(f.context.getSentMails()).isEmpty();
        assertThat(f.store.history(number)).hasSize(1);
    }

    @Test
    void serviceShouldNotAcknowledgeWhenSenderAddressCannotBeDeliveredTo() throws Exception {
        // James' parser refuses the address, so the builder gets it as a raw header.
        defaults().service(opened(MimeMessageBuilder.mimeMessageBuilder().addHeader("From", "taro..yamada@docomo.ne.jp")
                .addToRecipient(SUPPORT).setSubject("Printer broken").setText("Hello."), SenderKind.UNKNOWN, null));

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldShapeAcknowledgmentByTemplateFile(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("ack.txt");
        Files.writeString(template, "Subject: [{number}] {subject}\n\nDear {name}, see {tag}. -- {fromName} <{supportAddress}>\n");
        Gateway acmeDesk = new Gateway(List.of(SUPPORT), "Acme Desk", TicketTag.defaults(), Optional.empty());
        AcknowledgeNewTicket mailet = f.init(new AcknowledgeNewTicket(f.store, f.directories, acmeDesk), "template", template.toString());

        MimeMessage ack = acknowledge(mailet, opened("dana@acme.test", SenderKind.CUSTOMER, "acme")).getMsg();

        assertThat(ack.getSubject()).isEqualTo("[" + number + "] Printer broken Ticket [" + number + "]");
        assertThat(ack.getContent()).isEqualTo("Dear dana@acme.test, see Ticket [" + number + "]. -- Acme Desk <" + SUPPORT + ">\n");
    }

    @Test
    void fillShouldLeavePlaceholdersInTheCustomersSubjectAsWritten() {
        assertThat(AcknowledgeNewTicket.fill("Re: {subject} for {name}", Map.of("{subject}", "hi {name} $1", "{name}", "Dana")))
                .isEqualTo("Re: hi {name} $1 for Dana");
    }

    @Test
    void serviceShouldRefuseMailThatRecordHistoryDidNotRecord() throws Exception {
        AcknowledgeNewTicket mailet = defaults();
        FakeMail bare = mail(message("dana@acme.test", "x"));

        assertThatThrownBy(() -> mailet.service(bare)).hasMessage("AcknowledgeNewTicket needs the mail attribute ticketmail.recorded, which"
                + " RecordHistory sets; put RecordHistory before AcknowledgeNewTicket in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void requiredProcessingStateShouldBeTheRelayProcessor() throws Exception {
        assertThat(defaults().requiredProcessingState()).containsExactly(new ProcessingState("relay"));
    }

    @Test
    void requiredProcessingStateShouldBeTheConfiguredRelayProcessor() throws Exception {
        AcknowledgeNewTicket mailet = f.init(new AcknowledgeNewTicket(f.store, f.directories, Fixtures.GATEWAY), "relayProcessor", "outgoing");

        assertThat(mailet.requiredProcessingState()).containsExactly(new ProcessingState("outgoing"));
    }

    @Test
    void initShouldRefuseTemplateWithoutSubjectLine(@TempDir Path dir) throws Exception {
        Path template = dir.resolve("bad.txt");
        Files.writeString(template, "Hello {name}\n");

        assertThatThrownBy(() -> f.init(new AcknowledgeNewTicket(f.store, f.directories, Fixtures.GATEWAY), "template", template.toString()))
                .hasMessage("AcknowledgeNewTicket template " + template
                        + ": the first line must be 'Subject: ...', e.g. 'Subject: Received: {subject} {tag}'");
    }

    @Test
    void initShouldRefuseMissingTemplateFile() {
        assertThatThrownBy(() -> f.init(new AcknowledgeNewTicket(f.store, f.directories, Fixtures.GATEWAY), "template", "/nonexistent/ack.txt"))
                .hasMessage("mailetcontainer.xml: AcknowledgeNewTicket template '/nonexistent/ack.txt' cannot be read (/nonexistent/ack.txt)");
    }

    @Test
    void initShouldRefuseFromNameNowThatTheGatewayHasIt() {
        assertThatThrownBy(() -> f.init(new AcknowledgeNewTicket(f.store, f.directories, Fixtures.GATEWAY), "fromName", "Acme Desk"))
                .hasMessage("mailetcontainer.xml: AcknowledgeNewTicket has no parameter 'fromName'; it takes relayProcessor, template");
    }
}
