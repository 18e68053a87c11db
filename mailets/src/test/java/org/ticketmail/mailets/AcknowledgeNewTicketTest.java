package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ticketmail.store.Direction;
import org.ticketmail.store.HistoryEntry;

class AcknowledgeNewTicketTest {
    @TempDir
    Path dir;
    Fixtures f;
    IdentifySender sender;
    RecordHistory record;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(dir);
        sender = f.init(new IdentifySender(f.directories));
        record = f.init(new RecordHistory(f.store, f.directories), "supportAddress", SUPPORT);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private FakeMail opened(String from, String subject) throws Exception {
        FakeMail mail = mail(message(from, subject).addHeader("Message-ID", "<orig-" + System.nanoTime() + "@client.test>"));
        sender.service(mail);
        record.service(mail);
        return mail;
    }

    @Test
    void newCustomerTicketShouldBeAcknowledgedWithNumberAndReplyTo() throws Exception {
        FakeMail mail = opened("Dana Customer <dana@acme.test>", "Printer broken");
        String number = TicketAttributes.string(mail, TicketAttributes.TICKET).orElseThrow();

        f.init(new AcknowledgeNewTicket(f.store), "supportAddress", SUPPORT).service(mail);

        FakeMailContext.SentMail sent = f.context.getSentMails().get(0);
        MimeMessage ack = sent.getMsg();
        assertThat(sent.getRecipients()).extracting(MailAddress::asString).containsExactly("dana@acme.test");
        assertThat(sent.getState()).isEqualTo("relay");
        assertThat(ack.getSubject()).isEqualTo("Received: Printer broken Ticket [" + number + "]");
        assertThat(((InternetAddress) ack.getFrom()[0]).toUnicodeString()).isEqualTo("Support <" + SUPPORT + ">");
        assertThat(((InternetAddress) ack.getReplyTo()[0]).getAddress()).isEqualTo(SUPPORT);
        assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(mail.getMessage().getMessageID());
        assertThat((String) ack.getContent()).contains("Hello Dana Customer,").contains("opened Ticket [" + number + "]");
        HistoryEntry h = f.store.history(number).get(1);
        assertThat(h.direction()).isEqualTo(Direction.OUT);
        assertThat(h.messageId()).isEqualTo(ack.getMessageID());
        assertThat(f.store.ticketForMessageId(ack.getMessageID())).contains(number);
    }

    @Test
    void placeholdersInTheCustomersSubjectShouldStayAsWritten() {
        assertThat(AcknowledgeNewTicket.fill("Re: {subject} for {name}", java.util.Map.of("{subject}", "hi {name} $1", "{name}", "Dana")))
                .isEqualTo("Re: hi {name} $1 for Dana");
    }

    @Test
    void employeeOpenedTicketShouldNotBeAcknowledged() throws Exception {
        FakeMail mail = opened("alice@helpdesk.test", "Maintenance");

        f.init(new AcknowledgeNewTicket(f.store), "supportAddress", SUPPORT).service(mail);

        assertThat(f.context.getSentMails()).isEmpty();
    }

    @Test
    void templateFileShouldShapeTheAcknowledgment() throws Exception {
        Path template = dir.resolve("ack.txt");
        Files.writeString(template, "Subject: [{number}] {subject}\n\nDear {name}, see {tag}. -- {fromName} <{supportAddress}>\n");
        FakeMail mail = opened("dana@acme.test", "Mouse");
        String number = TicketAttributes.string(mail, TicketAttributes.TICKET).orElseThrow();

        f.init(new AcknowledgeNewTicket(f.store), "supportAddress", SUPPORT, "template", template.toString(), "fromName", "Acme Desk")
                .service(mail);

        MimeMessage ack = f.context.getSentMails().get(0).getMsg();
        assertThat(ack.getSubject()).isEqualTo("[" + number + "] Mouse Ticket [" + number + "]");
        assertThat(((String) ack.getContent()).strip())
                .isEqualTo("Dear dana@acme.test, see Ticket [" + number + "]. -- Acme Desk <" + SUPPORT + ">");
    }

    @Test
    void initShouldRefuseTemplateWithoutSubjectLine() throws Exception {
        Path template = dir.resolve("bad.txt");
        Files.writeString(template, "Hello {name}\n");

        assertThatThrownBy(() -> f.init(new AcknowledgeNewTicket(f.store), "supportAddress", SUPPORT, "template", template.toString()))
                .hasMessage("AcknowledgeNewTicket template " + template + ": the first line must be 'Subject: ...', e.g. 'Subject: Received: {subject} {tag}'");
    }

    @Test
    void initShouldRefuseMissingTemplateFile() {
        assertThatThrownBy(() -> f.init(new AcknowledgeNewTicket(f.store), "supportAddress", SUPPORT, "template", "/nonexistent/ack.txt"))
                .hasMessageStartingWith("mailetcontainer.xml: AcknowledgeNewTicket template '/nonexistent/ack.txt' cannot be read (");
    }
}
