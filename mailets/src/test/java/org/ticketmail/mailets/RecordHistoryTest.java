package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.nio.file.Path;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ticketmail.store.Direction;
import org.ticketmail.store.HistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStatus;

class RecordHistoryTest {
    @TempDir
    Path dir;
    Fixtures f;
    IdentifySender sender;
    IdentifyTicket ticket;
    ClassifyMail classify;
    StripQuotedText strip;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(dir);
        sender = f.init(new IdentifySender(f.directories));
        ticket = f.init(new IdentifyTicket(f.store));
        classify = f.init(new ClassifyMail(), "supportAddress", SUPPORT);
        strip = f.init(new StripQuotedText());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private FakeMail record(RecordHistory mailet, MimeMessageBuilder message) throws Exception {
        FakeMail mail = mail(message);
        sender.service(mail);
        ticket.service(mail);
        classify.service(mail);
        strip.service(mail);
        mailet.service(mail);
        return mail;
    }

    private RecordHistory defaults() throws Exception {
        return f.init(new RecordHistory(f.store, f.directories), "supportAddress", SUPPORT);
    }

    @Test
    void customerMailWithoutNumberShouldOpenTicketWithDefaultRecipients() throws Exception {
        FakeMail mail = record(defaults(), message("Dana Customer <dana@acme.test>", "Printer broken").addHeader("Message-ID", "<m1@acme.test>"));

        String number = TicketAttributes.string(mail, TicketAttributes.TICKET).orElseThrow();
        assertThat(TicketAttributes.flag(mail, TicketAttributes.OPENED)).isTrue();
        Ticket t = f.store.ticket(number).orElseThrow();
        assertThat(t.subject()).isEqualTo("Printer broken");
        assertThat(t.accountId()).isEqualTo("acme");
        assertThat(t.managerId()).isEqualTo("alice");
        assertThat(t.inInbox()).isTrue();
        assertThat(t.status()).isEqualTo(TicketStatus.NEW);
        assertThat(f.store.recipients(number)).containsExactly(
                Recipient.external("dana@acme.test", RecipientKind.TO),
                Recipient.employee("alice", "alice@helpdesk.test"),
                Recipient.employee("bob", "bob@helpdesk.test"),
                Recipient.employee("carol", "carol@helpdesk.test"),
                Recipient.employee("gina", "gina@helpdesk.test"));
        HistoryEntry h = f.store.history(number).get(0);
        assertThat(h.direction()).isEqualTo(Direction.IN);
        assertThat(h.isPublic()).isTrue();
        assertThat(h.messageId()).isEqualTo("<m1@acme.test>");
        assertThat(f.store.original(h.id())).isPresent();
    }

    @Test
    void unknownSenderShouldOpenTicketWithoutAccount() throws Exception {
        FakeMail mail = record(defaults(), message("stranger@nowhere.test", "Hi"));

        Ticket t = f.store.ticket(TicketAttributes.string(mail, TicketAttributes.TICKET).orElseThrow()).orElseThrow();
        assertThat(t.accountId()).isNull();
        assertThat(t.managerId()).isNull();
        assertThat(t.contactAddress()).isEqualTo("stranger@nowhere.test");
    }

    @Test
    void inactiveEmployeeOpeningTicketShouldNotBecomeCustomerRecipient() throws Exception {
        FakeMail mail = record(defaults(), message("frank@helpdesk.test", "From a former employee"));

        String number = TicketAttributes.string(mail, TicketAttributes.TICKET).orElseThrow();
        assertThat(f.store.recipients(number)).extracting(Recipient::address).doesNotContain("frank@helpdesk.test");
    }

    @Test
    void employeeMailWithoutNumberShouldOpenTicketForItsExternalAddresses() throws Exception {
        FakeMail mail = record(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("alice@helpdesk.test")
                .addToRecipient(SUPPORT).addCcRecipient("dana@acme.test").setSubject("Planned maintenance").setText("Tonight."));

        String number = TicketAttributes.string(mail, TicketAttributes.TICKET).orElseThrow();
        Ticket t = f.store.ticket(number).orElseThrow();
        assertThat(t.managerId()).isEqualTo("alice");
        assertThat(t.accountId()).isEqualTo("acme");
        assertThat(t.inInbox()).isFalse();
        assertThat(f.store.recipients(number)).contains(Recipient.external("dana@acme.test", RecipientKind.CC));
        assertThat(f.store.history(number).get(0).direction()).isEqualTo(Direction.OUT);
    }

    @Test
    void redeliveredMessageIdShouldWriteNothingAndEndProcessing() throws Exception {
        RecordHistory mailet = defaults();
        FakeMail first = record(mailet, message("dana@acme.test", "Once").addHeader("Message-ID", "<same@acme.test>"));
        String number = TicketAttributes.string(first, TicketAttributes.TICKET).orElseThrow();

        FakeMail again = record(mailet, message("dana@acme.test", "Once").addHeader("Message-ID", "<same@acme.test>"));

        assertThat(again.getState()).isEqualTo(Mail.GHOST);
        assertThat(f.store.countTickets()).isEqualTo(1);
        assertThat(f.store.history(number)).hasSize(1);
        assertThat(f.store.held(10)).singleElement().satisfies(h -> assertThat(h.reason())
                .isEqualTo("recorded before on ticket " + number + " (same Message-ID and body); not processed again"));
    }

    @Test
    void reusedMessageIdWithAnotherBodyShouldBeRecordedAsItsOwnMail() throws Exception {
        RecordHistory mailet = defaults();
        record(mailet, MimeMessageBuilder.mimeMessageBuilder().addFrom("scanner@acme.test").addToRecipient(SUPPORT).setSubject("Toner low")
                .setText("Toner low").addHeader("Message-ID", "<1@scanner>"));

        FakeMail second = record(mailet, MimeMessageBuilder.mimeMessageBuilder().addFrom("scanner@acme.test").addToRecipient(SUPPORT)
                .setSubject("Paper jam").setText("Paper jam").addHeader("Message-ID", "<1@scanner>"));

        assertThat(second.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(f.store.countTickets()).isEqualTo(2);
        assertThat(f.store.held(10)).isEmpty();
    }

    @Test
    void toAndCcAddressesShouldJoinTicket() throws Exception {
        String number = f.acmeTicket();

        record(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT, "ed@gmail.test")
                .addCcRecipient("dave@helpdesk.test", "boss@acme.test").setSubject("Ticket [" + number + "]").setText("x"));

        assertThat(f.store.recipients(number)).contains(Recipient.external("ed@gmail.test", RecipientKind.TO),
                Recipient.external("boss@acme.test", RecipientKind.CC), Recipient.employee("dave", "dave@helpdesk.test"));
    }

    @Test
    void undeliverableAddressesShouldNotJoinTicketAndTheEntrySaysSo() throws Exception {
        String number = f.acmeTicket();

        record(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .addHeader("Cc", "taro..yamada@docomo.ne.jp, ok@acme.test").setSubject("Ticket [" + number + "]").setText("x"));

        assertThat(f.store.recipients(number)).extracting(Recipient::address).contains("ok@acme.test").doesNotContain("taro..yamada@docomo.ne.jp");
        assertThat(f.store.history(number).get(1).note())
                .isEqualTo("not added as recipients, as they cannot be delivered to: taro..yamada@docomo.ne.jp");
    }

    @Test
    void autoAddOffShouldAddNobody() throws Exception {
        String number = f.acmeTicket();
        RecordHistory mailet = f.init(new RecordHistory(f.store, f.directories), "supportAddress", SUPPORT, "autoAddRecipients", "false");

        record(mailet, MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .addCcRecipient("boss@acme.test").setSubject("Ticket [" + number + "]").setText("x"));

        assertThat(f.store.recipients(number)).hasSize(4);
    }

    @Test
    void customerReplyShouldReopenClosedTicketAndPutItInInbox() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);

        record(defaults(), message("dana@acme.test", "Ticket [" + number + "] again"));

        Ticket t = f.store.ticket(number).orElseThrow();
        assertThat(t.status()).isEqualTo(TicketStatus.OPEN);
        assertThat(t.inInbox()).isTrue();
        assertThat(f.store.history(number).get(1).note()).isEqualTo("the ticket was closed and is reopened by this customer reply");
    }

    @Test
    void employeeMailShouldLeaveClosedTicketClosed() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);

        record(defaults(), message("alice@helpdesk.test", "Ticket [" + number + "] final words"));

        assertThat(f.store.ticket(number).orElseThrow().status()).isEqualTo(TicketStatus.CLOSED);
    }

    @Test
    void internalMailShouldBeRecordedNotPublicWithWhy() throws Exception {
        String number = f.acmeTicket();

        record(defaults(), message("alice@helpdesk.test", "*123* Ticket [" + number + "]"));

        HistoryEntry h = f.store.history(number).get(1);
        assertThat(h.isPublic()).isFalse();
        assertThat(h.note()).isEqualTo("internal (subject keyword)");
    }

    @Test
    void attachmentsShouldBeListedWithNameAndSize() throws Exception {
        FakeMail mail = record(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .setSubject("with file").setMultipartWithBodyParts(
                        MimeMessageBuilder.bodyPartBuilder().data("See attached."),
                        MimeMessageBuilder.bodyPartBuilder().data(new byte[1234]).type("application/pdf").filename("report.pdf")
                                .disposition("attachment")));

        String number = TicketAttributes.string(mail, TicketAttributes.TICKET).orElseThrow();
        HistoryEntry h = f.store.history(number).get(0);
        assertThat(h.text()).isEqualTo("See attached.");
        assertThat(f.store.attachments(h.id())).containsExactly(new org.ticketmail.store.Attachment("report.pdf", 1234));
    }
}
