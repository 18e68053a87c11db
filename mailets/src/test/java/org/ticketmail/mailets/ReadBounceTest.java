package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.mailets.Fixtures.SUPPORT;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ticketmail.store.HistoryEntry;

class ReadBounceTest {
    Fixtures f;
    ReadBounce mailet;
    String number;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures();
        mailet = f.init(new ReadBounce(f.store, f.failing, f.held, Fixtures.GATEWAY));
        number = f.acmeTicket();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** A report as a receiving server writes it, for the mail with {@code returnedId} to {@code recipient}. */
    static String dsn(String recipient, String action, String status, String returnedId) {
        return "From: MAILER-DAEMON@mx.acme.test (Mail Delivery System)\r\n"
                + "To: " + SUPPORT + "\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "Message-ID: <bounce-" + System.nanoTime() + "@mx.acme.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.acme.test\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\n"
                + "Action: " + action + "\r\n"
                + "Status: " + status + "\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: Recipient address rejected:\r\n"
                + "    User unknown in local recipient table\r\n\r\n"
                + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                + "From: Support <" + SUPPORT + ">\r\n"
                + "To: " + recipient + "\r\n"
                + "Subject: Ticket [x]\r\n"
                + "Message-ID: " + returnedId + "\r\n\r\n"
                + "--B--\r\n";
    }

    private FakeMail bounce(String raw) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        return FakeMail.builder().name("bounce-" + System.nanoTime()).mimeMessage(message).recipient(SUPPORT).build();
    }

    @Test
    void aPermanentFailureOfOurMailShouldMarkTheAddressNoteItOnTheTicketAndHoldTheReport() throws Exception {
        FakeMail mail = bounce(dsn("dana@acme.test", "failed", "5.1.1", Fixtures.GATEWAY.newMessageId(number)));

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(f.failing.find("Dana@Acme.test")).hasValueSatisfying(a -> {
            assertThat(a.status()).isEqualTo("5.1.1");
            assertThat(a.ticketNumber()).isEqualTo(number);
            assertThat(a.diagnostic()).isEqualTo("smtp; 550 5.1.1 <dana@acme.test>: Recipient address rejected: User unknown in local"
                    + " recipient table");
        });
        HistoryEntry note = f.store.history(number).get(1);
        assertThat(note.isPublic()).isFalse();
        assertThat(note.text()).startsWith("Mail to dana@acme.test bounced permanently (5.1.1: smtp; 550").endsWith("Nothing more is sent"
                + " to this address, on any ticket, until a mail arrives from it or an admin clears it (ticketmail clear-failing"
                + " dana@acme.test).");
        assertThat(f.held.newest(1).get(0).reason()).startsWith("delivery failure report: marked failing dana@acme.test (5.1.1: smtp; 550");
        assertThat(f.held.newest(1).get(0).ticketNumber()).isEqualTo(number);
    }

    @Test
    void aReportDeliveredTwiceShouldNoteTheBounceOnce() throws Exception {
        String returned = Fixtures.GATEWAY.newMessageId(number);
        mailet.service(bounce(dsn("dana@acme.test", "failed", "5.1.1", returned)));
        mailet.service(bounce(dsn("dana@acme.test", "failed", "5.1.1", returned)));

        assertThat(f.store.history(number)).hasSize(2);
        assertThat(f.held.newest(1).get(0).reason()).contains("failing already");
    }

    @Test
    void aReportThatReturnsNoMailWeSignedShouldMarkNobody() throws Exception {
        FakeMail mail = bounce(dsn("dana@acme.test", "failed", "5.1.1", "<tm." + number + ".forged@helpdesk.test>"));

        mailet.service(mail);

        assertThat(f.failing.find("dana@acme.test")).isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(f.held.newest(1).get(0).reason()).isEqualTo("delivery failure report: not marked dana@acme.test (5.1.1: smtp; 550 5.1.1"
                + " <dana@acme.test>: Recipient address rejected: User unknown in local recipient table) (the report returns no mail the"
                + " gateway signed)");
    }

    @Test
    void aReportForAnAddressTheTicketDoesNotWriteToShouldMarkNobody() throws Exception {
        mailet.service(bounce(dsn("ceo@acme.test", "failed", "5.1.1", Fixtures.GATEWAY.newMessageId(number))));

        assertThat(f.failing.find("ceo@acme.test")).isEmpty();
        assertThat(f.held.newest(1).get(0).reason()).endsWith("(not a recipient of Ticket [" + number + "])");
    }

    @Test
    void aDelayOrATemporaryFailureShouldGoOnUntouched() throws Exception {
        FakeMail delayed = bounce(dsn("dana@acme.test", "delayed", "4.4.1", Fixtures.GATEWAY.newMessageId(number)));
        FakeMail temporary = bounce(dsn("dana@acme.test", "failed", "4.2.2", Fixtures.GATEWAY.newMessageId(number)));

        mailet.service(delayed);
        mailet.service(temporary);

        assertThat(delayed.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(temporary.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(f.failing.count()).isZero();
    }

    @Test
    void aRefusalOfThisMailRatherThanOfTheAddressShouldMarkNobody() throws Exception {
        mailet.service(bounce(dsn("dana@acme.test", "failed", "5.7.1", Fixtures.GATEWAY.newMessageId(number))));
        mailet.service(bounce(dsn("dana@acme.test", "failed", "5.3.4", Fixtures.GATEWAY.newMessageId(number))));

        assertThat(f.failing.count()).isZero();
        assertThat(f.held.newest(1).get(0).reason()).startsWith("delivery failure report: not marked dana@acme.test (5.3.4")
                .endsWith("(the status is about this mail, not the address)");
    }

    @Test
    void aDisabledMailboxOrAnUnroutableDomainShouldMarkTheAddress() throws Exception {
        mailet.service(bounce(dsn("dana@acme.test", "failed", "5.2.1", Fixtures.GATEWAY.newMessageId(number))));

        assertThat(f.failing.find("dana@acme.test")).isPresent();
    }

    @Test
    void anOrdinaryMailShouldGoOnUntouched() throws Exception {
        FakeMail mail = Fixtures.mail(Fixtures.message("dana@acme.test", "Printer"));

        mailet.service(mail);

        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
    }

    @Test
    void aReleasedReportShouldGoOnAsAnOrdinaryMail() throws Exception {
        FakeMail mail = bounce(dsn("dana@acme.test", "failed", "5.1.1", Fixtures.GATEWAY.newMessageId(number)));
        TicketAttributes.set(mail, TicketAttributes.RELEASED, 7L);

        mailet.service(mail);

        assertThat(mail.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(f.failing.count()).isZero();
    }

    @Test
    void reportShouldReadRealServersReports() throws Exception {
        Path corpus = corpus();
        DeliveryReport postfix = DeliveryReport.of(read(corpus.resolve("sisimai__lhost-postfix-01.eml"))).orElseThrow();
        assertThat(postfix.permanentFailures()).extracting(DeliveryReport.Failure::address, DeliveryReport.Failure::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("r@p351355.pool.example.ne.jp", "5.1.1"));

        DeliveryReport noBlankLine = DeliveryReport.of(read(corpus.resolve("mimekit__delivery-status-no-blank-line.eml"))).orElseThrow();
        assertThat(noBlankLine.recipients()).isNotEmpty();
        assertThat(DeliveryReport.of(read(corpus.resolve("sisimai__lhost-apachejames-01.eml")))).as("a bounce without a report").isEmpty();
        assertThat(DeliveryReport.of(read(corpus.resolve("flanker__multipart.eml")))).isEmpty();
    }

    @Test
    void reportShouldReadEveryOddMessageOfTheCorpusWithoutThrowing() throws Exception {
        try (java.util.stream.Stream<Path> files = Files.list(corpus())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".eml")).toList()) {
                DeliveryReport.of(read(file)); // a report it cannot read is none
            }
        }
    }

    private static MimeMessage read(Path file) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    private static Path corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/corpora/mime").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            if (Files.isDirectory(dir.resolve("shared/corpora/mime"))) {
                return dir.resolve("shared/corpora/mime");
            }
        }
        throw new IllegalStateException("shared/corpora/mime not found beside the project");
    }

    @Test
    void fieldsShouldJoinFoldedLinesAndSplitBlocks() {
        List<DeliveryReport.Failure> failures = DeliveryReport.recipients("Reporting-MTA: dns; x\r\nFinal-Recipient: rfc822; <A@B.test>\r\n"
                + "Action: failed\r\nStatus: 5.7.1 (delivery not authorized)\r\nFinal-Recipient: rfc822;c@d.test\r\nAction: delivered\r\n"
                + "Status: 2.0.0\r\n");

        assertThat(failures).containsExactly(new DeliveryReport.Failure("a@b.test", "failed", "5.7.1", null),
                new DeliveryReport.Failure("c@d.test", "delivered", "2.0.0", null));
    }
}
