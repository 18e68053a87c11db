package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.nio.file.Path;
import java.util.List;

import javax.mail.Message.RecipientType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.Ticket;

class DistributeToRecipientsTest {
    @TempDir
    Path dir;
    Fixtures f;
    IdentifySender sender;
    ClassifyMail classify;
    String number;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(dir);
        sender = f.init(new IdentifySender(f.directories));
        classify = f.init(new ClassifyMail(), "supportAddress", SUPPORT);
        number = f.acmeTicket();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private FakeContextMail distribute(DistributeToRecipients mailet, MimeMessageBuilder message) throws Exception {
        FakeMail mail = mail(message);
        sender.service(mail);
        classify.service(mail);
        TicketAttributes.set(mail, TicketAttributes.TICKET, number);
        int before = f.context.getSentMails().size();
        mailet.service(mail);
        List<FakeMailContext.SentMail> sent = f.context.getSentMails();
        return sent.size() == before ? null : new FakeContextMail(sent.get(sent.size() - 1));
    }

    record FakeContextMail(FakeMailContext.SentMail sent) {
        MimeMessage message() {
            return sent.getMsg();
        }

        List<String> envelope() {
            return sent.getRecipients().stream().map(MailAddress::asString).toList();
        }

        List<String> header(RecipientType type) throws Exception {
            return message().getRecipients(type) == null ? List.of()
                    : java.util.Arrays.stream(message().getRecipients(type)).map(a -> ((InternetAddress) a).getAddress()).toList();
        }

        String from() throws Exception {
            return ((InternetAddress) message().getFrom()[0]).toUnicodeString();
        }
    }

    private DistributeToRecipients defaults() throws Exception {
        return f.init(new DistributeToRecipients(f.store, f.directories), "supportAddress", SUPPORT);
    }

    @Test
    void customerMailShouldGoToManagerInToAndOtherEmployeesInCc() throws Exception {
        FakeContextMail out = distribute(defaults(), message("Dana Customer <dana@acme.test>", "Re: Ticket [" + number + "] hello"));

        assertThat(out.header(RecipientType.TO)).containsExactly("alice@helpdesk.test");
        assertThat(out.header(RecipientType.CC)).containsExactly("bob@helpdesk.test", "carol@helpdesk.test");
        assertThat(out.envelope()).containsExactlyInAnyOrder("alice@helpdesk.test", "bob@helpdesk.test", "carol@helpdesk.test");
        assertThat(out.from()).isEqualTo("Dana Customer <" + SUPPORT + ">");
        assertThat(out.message().getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly(SUPPORT);
        assertThat(out.sent().getState()).isEqualTo("relay");
        assertThat(out.message().getSubject()).isEqualTo("Re: Ticket [" + number + "] hello");
    }

    @Test
    void subjectWithoutTagShouldGetTagAppended() throws Exception {
        FakeContextMail out = distribute(defaults(), message("dana@acme.test", "hello"));

        assertThat(out.message().getSubject()).isEqualTo("hello Ticket [" + number + "]");
    }

    @Test
    void customerNameShouldComeFromDirectoryWhenFromHasNone() throws Exception {
        assertThat(distribute(defaults(), message("dana@acme.test", "x")).from()).isEqualTo("Dana Customer <" + SUPPORT + ">");
    }

    @Test
    void employeeMailShouldGoToExternalRecipientsAndEmployeesInBccNotToSender() throws Exception {
        FakeContextMail out = distribute(defaults(), message("Alice T. <alice@helpdesk.test>", "Ticket [" + number + "]"));

        assertThat(out.header(RecipientType.TO)).containsExactly("dana@acme.test");
        assertThat(out.header(RecipientType.CC)).isEmpty();
        assertThat(out.message().getHeader("Bcc")).isNull();
        assertThat(out.envelope()).containsExactlyInAnyOrder("dana@acme.test", "bob@helpdesk.test", "carol@helpdesk.test");
        assertThat(out.from()).isEqualTo("\"Alice T.\" <" + SUPPORT + ">");
    }

    @Test
    void copiesShouldNotRevealTheSendersPersonalAddressOrHost() throws Exception {
        FakeContextMail out = distribute(defaults(), message("alice@helpdesk.test", "x")
                .addHeader("Received", "from alice-laptop.helpdesk.test (10.0.0.7) by mx.helpdesk.test")
                .addHeader("Authentication-Results", "mx; spf=pass smtp.mailfrom=alice@helpdesk.test")
                .addHeader("X-Originating-IP", "[10.0.0.7]").addHeader("Sender", "alice@helpdesk.test"));

        for (String header : DistributeToRecipients.PRIVATE_HEADERS) {
            assertThat(out.message().getHeader(header)).as(header).isNull();
        }
    }

    @Test
    void employeeNameShouldComeFromDirectoryWhenFromHasNone() throws Exception {
        assertThat(distribute(defaults(), message("bob@helpdesk.test", "x")).from()).isEqualTo("Bob Manager <" + SUPPORT + ">");
    }

    @Test
    void unifiedSenderNameShouldReplaceEmployeeName() throws Exception {
        DistributeToRecipients mailet = f.init(new DistributeToRecipients(f.store, f.directories), "supportAddress", SUPPORT,
                "useEmployeeSenderName", "false", "responseFromName", "Acme Help Desk");

        assertThat(distribute(mailet, message("Alice <alice@helpdesk.test>", "x")).from()).isEqualTo("Acme Help Desk <" + SUPPORT + ">");
        assertThat(distribute(mailet, message("Dana <dana@acme.test>", "x")).from()).isEqualTo("Dana <" + SUPPORT + ">");
    }

    @Test
    void internalMailShouldGoToEmployeesOnly() throws Exception {
        FakeContextMail out = distribute(defaults(), message("alice@helpdesk.test", "*123* Ticket [" + number + "]"));

        assertThat(out.envelope()).containsExactlyInAnyOrder("bob@helpdesk.test", "carol@helpdesk.test");
        assertThat(out.header(RecipientType.TO)).containsExactly(SUPPORT);
    }

    @Test
    void mailFromSecondAddressShouldNotReturnToEitherAddressOfSender() throws Exception {
        FakeContextMail out = distribute(defaults(), message("alice.mobile@example.test", "x"));

        assertThat(out.envelope()).doesNotContain("alice@helpdesk.test", "alice.mobile@example.test");
    }

    @Test
    void recipientOptionsShouldDecideWhoReceives() {
        Ticket ticket = f.store.ticket(number).orElseThrow();
        List<Recipient> listed = List.of(Recipient.employee("dave", "dave@helpdesk.test"), Recipient.employee("erin", "erin@helpdesk.test"),
                Recipient.employee("frank", "frank@helpdesk.test"), Recipient.employee("gina", "gina@helpdesk.test"));
        DistributeToRecipients mailet = new DistributeToRecipients(f.store, f.directories);
        try {
            f.init(mailet, "supportAddress", SUPPORT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }

        DistributeToRecipients.Distribution d = mailet.distribution(ticket, listed, Fixtures.DIRECTORY, java.util.Optional.empty(),
                "dana@acme.test", false);

        // alice: manager (MANAGER); bob: account manager (ACCOUNT_MANAGER); carol: ALL; dave: SUBSCRIBED and listed.
        // erin OFF though listed, frank inactive, gina without privilege, hal and ivy MANAGER of nothing: nobody else.
        assertThat(d.all()).containsExactlyInAnyOrder("alice@helpdesk.test", "bob@helpdesk.test", "carol@helpdesk.test", "dave@helpdesk.test");
    }

    @Test
    void nothingShouldBeSentWhenNobodyReceives() throws Exception {
        String lonely = f.store.record(new org.ticketmail.store.Intake(null, new org.ticketmail.store.Intake.NewTicket("x", null, null, null, null),
                "<lonely@x.test>", new org.ticketmail.store.NewHistoryEntry(org.ticketmail.store.Direction.IN, true, "x", "x", "x", null, null,
                null, List.of()), List.of(), null, null)).ticket().number();
        FakeMail mail = mail(message("stranger@nowhere.test", "x"));
        sender.service(mail);
        TicketAttributes.set(mail, TicketAttributes.TICKET, lonely);
        int before = f.context.getSentMails().size();

        defaults().service(mail);

        // carol has option ALL: she receives every ticket's mail.
        assertThat(f.context.getSentMails()).hasSize(before + 1);
        assertThat(f.context.getSentMails().get(before).getRecipients()).extracting(MailAddress::asString).containsExactly("carol@helpdesk.test");
    }

    @Test
    void undeliverableStoredRecipientShouldNotStopTheOthers() throws Exception {
        f.store.record(new org.ticketmail.store.Intake(number, null, "<add-bad@x.test>", new org.ticketmail.store.NewHistoryEntry(
                org.ticketmail.store.Direction.IN, true, "x", "x", "x", null, null, null, List.of()),
                List.of(org.ticketmail.store.Recipient.external("taro..yamada@docomo.ne.jp", org.ticketmail.store.RecipientKind.CC)), null, null));

        FakeContextMail out = distribute(defaults(), message("alice@helpdesk.test", "x"));

        assertThat(out.envelope()).containsExactlyInAnyOrder("dana@acme.test", "bob@helpdesk.test", "carol@helpdesk.test");
    }

    @Test
    void distributedMessageIdShouldLeadBackToTicket() throws Exception {
        FakeContextMail out = distribute(defaults(), message("dana@acme.test", "x"));

        assertThat(f.store.ticketForMessageId(out.message().getMessageID())).contains(number);
    }

    @Test
    void serviceShouldRefuseMailWithoutTicket() throws Exception {
        FakeMail mail = mail(message("dana@acme.test", "x"));

        assertThatThrownBy(() -> defaults().service(mail)).hasMessage(
                "DistributeToRecipients needs the ticket found by RecordHistory; is RecordHistory before it in mailetcontainer.xml?");
    }
}
