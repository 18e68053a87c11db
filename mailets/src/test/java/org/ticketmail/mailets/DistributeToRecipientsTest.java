package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.mail.Message.RecipientType;
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
import org.ticketmail.store.Direction;
import org.ticketmail.store.Intake;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;

/**
 * The shape of the copies: From, Reply-To, subject tag, headers, envelope, Message-ID. Who receives them is
 * {@link RecipientRules#distribute}'s, tested in RecipientRulesTest; here only as far as the mailet wires it.
 */
class DistributeToRecipientsTest {
    /** Any history id: DistributeToRecipients only checks that RecordHistory ran. */
    static final long RECORDED = 1;

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

    /** A mail on {@code ticket} as the steps before DistributeToRecipients leave it. */
    private static FakeMail recorded(String ticket, MimeMessageBuilder message, SenderKind kind, String who) throws Exception {
        FakeMail mail = Fixtures.from(mail(message), kind, who);
        TicketAttributes.set(mail, TicketAttributes.TICKET, ticket);
        TicketAttributes.set(mail, TicketAttributes.RECORDED, RECORDED);
        return mail;
    }

    private FakeMail recorded(MimeMessageBuilder message, SenderKind kind, String who) throws Exception {
        return recorded(number, message, kind, who);
    }

    private FakeMail fromDana(String subject) throws Exception {
        return recorded(message("Dana Customer <dana@acme.test>", subject), SenderKind.CUSTOMER, "acme");
    }

    private FakeMail fromAlice(MimeMessageBuilder message) throws Exception {
        return recorded(message, SenderKind.EMPLOYEE, "alice");
    }

    private DistributeToRecipients defaults() throws Exception {
        return f.init(new DistributeToRecipients(f.store, f.directories, Fixtures.GATEWAY));
    }

    /** The one copy {@code mailet} sends for {@code mail}. */
    private Copy distribute(DistributeToRecipients mailet, FakeMail mail) throws Exception {
        mailet.service(mail);
        assertThat(f.context.getSentMails()).hasSize(1);
        return new Copy(f.context.getSentMails().get(0));
    }

    private Copy distribute(FakeMail mail) throws Exception {
        return distribute(defaults(), mail);
    }

    record Copy(FakeMailContext.SentMail sent) {
        MimeMessage message() {
            return sent.getMsg();
        }

        List<String> envelope() {
            return sent.getRecipients().stream().map(MailAddress::asString).toList();
        }

        List<String> header(RecipientType type) throws Exception {
            return message().getRecipients(type) == null ? List.of()
                    : Arrays.stream(message().getRecipients(type)).map(a -> ((InternetAddress) a).getAddress()).toList();
        }

        String from() throws Exception {
            return ((InternetAddress) message().getFrom()[0]).toUnicodeString();
        }
    }

    @Test
    void serviceShouldSendCopyFromSendersNameAtSupportAddress() throws Exception {
        assertThat(distribute(fromDana("x")).from()).isEqualTo("Dana Customer <" + SUPPORT + ">");
    }

    @Test
    void serviceShouldTakeCustomersNameFromDirectoryWhenFromHasNone() throws Exception {
        Copy copy = distribute(recorded(message("dana@acme.test", "x"), SenderKind.CUSTOMER, "acme"));

        assertThat(copy.from()).isEqualTo("Dana Customer <" + SUPPORT + ">");
    }

    @Test
    void serviceShouldKeepEmployeesOwnNameWhenFromHasOne() throws Exception {
        assertThat(distribute(fromAlice(message("Alice T. <alice@helpdesk.test>", "x"))).from()).isEqualTo("\"Alice T.\" <" + SUPPORT + ">");
    }

    @Test
    void serviceShouldTakeEmployeesNameFromDirectoryWhenFromHasNone() throws Exception {
        Copy copy = distribute(recorded(message("bob@helpdesk.test", "x"), SenderKind.EMPLOYEE, "bob"));

        assertThat(copy.from()).isEqualTo("Bob Manager <" + SUPPORT + ">");
    }

    @Test
    void serviceShouldShowSupportNameForEmployeeWhenEmployeeSenderNameIsOff() throws Exception {
        Gateway acmeDesk = new Gateway(List.of(SUPPORT), "Acme Help Desk", TicketTag.defaults(), Optional.empty());
        DistributeToRecipients mailet = f.init(new DistributeToRecipients(f.store, f.directories, acmeDesk), "useEmployeeSenderName", "false");

        assertThat(distribute(mailet, fromAlice(message("Alice <alice@helpdesk.test>", "x"))).from())
                .isEqualTo("Acme Help Desk <" + SUPPORT + ">");
    }

    @Test
    void serviceShouldKeepCustomersNameWhenEmployeeSenderNameIsOff() throws Exception {
        Gateway acmeDesk = new Gateway(List.of(SUPPORT), "Acme Help Desk", TicketTag.defaults(), Optional.empty());
        DistributeToRecipients mailet = f.init(new DistributeToRecipients(f.store, f.directories, acmeDesk), "useEmployeeSenderName", "false");

        assertThat(distribute(mailet, recorded(message("Dana <dana@acme.test>", "x"), SenderKind.CUSTOMER, "acme")).from())
                .isEqualTo("Dana <" + SUPPORT + ">");
    }

    @Test
    void serviceShouldSendCopyFromFirstSupportAddressWhenGatewayHasSeveral() throws Exception {
        Gateway two = new Gateway(List.of("Help@Helpdesk.test", SUPPORT), "Support", TicketTag.defaults(), Optional.empty());
        DistributeToRecipients mailet = f.init(new DistributeToRecipients(f.store, f.directories, two));

        Copy copy = distribute(mailet, fromDana("x"));

        assertThat(copy.from()).isEqualTo("Dana Customer <help@helpdesk.test>");
        assertThat(copy.sent().getSender().asString()).isEqualTo("help@helpdesk.test");
    }

    @Test
    void serviceShouldSetReplyToSupportAddress() throws Exception {
        Copy copy = distribute(fromDana("x"));

        assertThat(copy.message().getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly(SUPPORT);
    }

    @Test
    void serviceShouldKeepSubjectWhenItHasTheTicketsTag() throws Exception {
        Copy copy = distribute(fromDana("Re: Ticket [" + number + "] hello"));

        assertThat(copy.message().getSubject()).isEqualTo("Re: Ticket [" + number + "] hello");
    }

    @Test
    void serviceShouldAppendTagWhenSubjectHasNone() throws Exception {
        assertThat(distribute(fromDana("hello")).message().getSubject()).isEqualTo("hello Ticket [" + number + "]");
    }

    @Test
    void serviceShouldReplaceTagOfAnotherNumberInSubject() throws Exception {
        // IdentifyTicket refused Ticket [0101-4242]; the mail opened the ticket it is distributed on.
        Copy copy = distribute(fromDana("Re: Ticket [0101-4242] hello"));

        assertThat(copy.message().getSubject()).isEqualTo("Re: Ticket [" + number + "] hello");
    }

    @Test
    void serviceShouldNotRevealTheSendersPersonalAddressOrHost() throws Exception {
        Copy copy = distribute(fromAlice(message("alice@helpdesk.test", "x")
                .addHeader("Received", "from alice-laptop.helpdesk.test (10.0.0.7) by mx.helpdesk.test")
                .addHeader("Authentication-Results", "mx; spf=pass smtp.mailfrom=alice@helpdesk.test")
                .addHeader("X-Originating-IP", "[10.0.0.7]").addHeader("Sender", "alice@helpdesk.test")
                .addHeader("Return-Path", "<alice@helpdesk.test>").addHeader("DKIM-Signature", "v=1; d=helpdesk.test")
                .addHeader("Disposition-Notification-To", "alice@helpdesk.test")));

        for (String header : DistributeToRecipients.PRIVATE_HEADERS) {
            assertThat(copy.message().getHeader(header)).as(header).isNull();
        }
    }

    @Test
    void serviceShouldMarkCopyWithItsTicketAndTheLoopGuard() throws Exception {
        MimeMessage copy = distribute(fromDana("x")).message();

        assertThat(copy.getHeader("X-Ticketmail-Ticket", null)).isEqualTo(number);
        assertThat(copy.getHeader("X-Loop", null)).isEqualTo(SUPPORT);
    }

    @Test
    void serviceShouldAddressCustomerMailToManagerAndCcTheOtherEmployees() throws Exception {
        Copy copy = distribute(fromDana("x"));

        assertThat(copy.header(RecipientType.TO)).containsExactly("alice@helpdesk.test");
        assertThat(copy.header(RecipientType.CC)).containsExactly("bob@helpdesk.test", "carol@helpdesk.test");
        assertThat(copy.envelope()).containsExactly("alice@helpdesk.test", "bob@helpdesk.test", "carol@helpdesk.test");
    }

    @Test
    void serviceShouldSendBccRecipientsInTheEnvelopeOnly() throws Exception {
        Copy copy = distribute(fromAlice(message("alice@helpdesk.test", "x")));

        assertThat(copy.header(RecipientType.TO)).containsExactly("dana@acme.test");
        assertThat(copy.message().getHeader("Cc")).isNull();
        assertThat(copy.message().getHeader("Bcc")).isNull();
        assertThat(copy.envelope()).containsExactly("dana@acme.test", "bob@helpdesk.test", "carol@helpdesk.test");
    }

    @Test
    void serviceShouldShowSupportAddressInToWhenInternalMailGoesToEmployeesOnly() throws Exception {
        FakeMail mail = fromAlice(message("alice@helpdesk.test", "*123* Ticket [" + number + "]"));
        TicketAttributes.set(mail, TicketAttributes.INTERNAL, "keyword");

        Copy copy = distribute(mail);

        assertThat(copy.header(RecipientType.TO)).containsExactly(SUPPORT);
        assertThat(copy.envelope()).containsExactly("bob@helpdesk.test", "carol@helpdesk.test");
    }

    @Test
    void serviceShouldSendNoCopyToAddressesTheMailReachedDirectly() throws Exception {
        FakeMail mail = recorded(MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT, "bob@helpdesk.test")
                .addCcRecipient("carol@helpdesk.test").setSubject("x").setText("x"), SenderKind.CUSTOMER, "acme");

        Copy copy = distribute(mail);

        assertThat(copy.envelope()).containsExactly("alice@helpdesk.test");
        assertThat(copy.header(RecipientType.CC)).isEmpty();
    }

    @Test
    void serviceShouldSkipUndeliverableStoredRecipientAndSendToTheOthers() throws Exception {
        f.store.record(Intake.onTicket(number, "<add-bad@x.test>",
                new NewHistoryEntry(Direction.IN, true, "x", "x", "x", null, null, null, List.of()))
                .withRecipients(List.of(Recipient.external("taro..yamada@docomo.ne.jp", RecipientKind.CC))));

        Copy copy = distribute(fromAlice(message("alice@helpdesk.test", "x")));

        assertThat(copy.envelope()).containsExactly("dana@acme.test", "bob@helpdesk.test", "carol@helpdesk.test");
        assertThat(copy.message().getHeader("Cc")).isNull();
    }

    @Test
    void serviceShouldSendNothingWhenNobodyReceives() throws Exception {
        // No account, no manager, no recipients: only carol (option ALL) would receive, and she sends it.
        String lonely = f.store.record(Intake.opening(Intake.NewTicket.of("x", null, null, null), "<lonely@x.test>",
                new NewHistoryEntry(Direction.OUT, true, "carol@helpdesk.test", "x", "x", null, null, null, List.of()))).ticket().number();

        defaults().service(recorded(lonely, message("carol@helpdesk.test", "x"), SenderKind.EMPLOYEE, "carol"));

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void serviceShouldSendCopyToRelayProcessor() throws Exception {
        assertThat(distribute(fromDana("x")).sent().getState()).isEqualTo("relay");
    }

    @Test
    void serviceShouldSendCopyToConfiguredRelayProcessor() throws Exception {
        DistributeToRecipients mailet = f.init(new DistributeToRecipients(f.store, f.directories, Fixtures.GATEWAY), "relayProcessor", "outgoing");

        assertThat(distribute(mailet, fromDana("x")).sent().getState()).isEqualTo("outgoing");
    }

    @Test
    void serviceShouldGiveCopyAMessageIdOfTheSupportDomain() throws Exception {
        String id = distribute(fromDana("x")).message().getMessageID();

        assertThat(id).matches("<tm\\." + number + "\\.[0-9a-f]{24}\\.[0-9a-f]{32}@helpdesk\\.test>");
    }

    @Test
    void serviceShouldSignCopysMessageIdForTheTicket() throws Exception {
        Copy copy = distribute(fromDana("x"));

        assertThat(Fixtures.GATEWAY.threadIds().ticketOf(copy.message().getMessageID())).contains(number);
    }

    @Test
    void serviceShouldRefuseMailThatRecordHistoryDidNotRecord() throws Exception {
        DistributeToRecipients mailet = defaults();
        FakeMail bare = mail(message("dana@acme.test", "x"));

        assertThatThrownBy(() -> mailet.service(bare)).hasMessage("DistributeToRecipients needs the mail attribute ticketmail.recorded, which"
                + " RecordHistory sets; put RecordHistory before DistributeToRecipients in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void requiredProcessingStateShouldBeTheRelayProcessor() throws Exception {
        assertThat(defaults().requiredProcessingState()).containsExactly(new ProcessingState("relay"));
    }

    @Test
    void requiredProcessingStateShouldBeTheConfiguredRelayProcessor() throws Exception {
        DistributeToRecipients mailet = f.init(new DistributeToRecipients(f.store, f.directories, Fixtures.GATEWAY), "relayProcessor", "outgoing");

        assertThat(mailet.requiredProcessingState()).containsExactly(new ProcessingState("outgoing"));
    }

    @Test
    void initShouldRefuseResponseFromNameNowThatTheGatewayHasIt() {
        assertThatThrownBy(() -> f.init(new DistributeToRecipients(f.store, f.directories, Fixtures.GATEWAY), "responseFromName", "Desk"))
                .hasMessage("mailetcontainer.xml: DistributeToRecipients has no parameter 'responseFromName'; it takes relayProcessor,"
                        + " useEmployeeSenderName");
    }
}
