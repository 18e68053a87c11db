package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class MailHeadersTest {
    // Found by MimeFuzzIntegrationTest (seed 20261125, #218): a part's Content-Type JavaMail cannot parse.
    private static final String BROKEN_PART = "From: Dana Customer <dana@acme.test>\r\nTo: support@helpdesk.test\r\n"
            + "Subject: Broken part\r\nMessage-ID: <broken-part@acme.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe printer is broken.\r\n"
            + "--b\r\nContent-Type: multipart/report; report-type=deliv?ry-status\r\n\r\nreport\r\n--b--\r\n";

    /**
     * A message as James hands it to a mailet once a header was changed (RemoveMimeHeader bcc, an X-Loop): JavaMail
     * writes it by deriving its MIME headers again, which parses every part.
     */
    private static MimeMessage changed(String raw) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
        m.setHeader("X-Loop", "support@helpdesk.test");
        m.saveChanges();
        return m;
    }

    @Test
    void bytesShouldKeepAChangedMessageWhosePartJavaMailCannotParse() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(BROKEN_PART.getBytes(StandardCharsets.ISO_8859_1))) {
            {
                saved = false; // as MimeMessageWrapper after a header change
            }
        };
        message.setHeader("X-Loop", "support@helpdesk.test");

        String kept = new String(MailHeaders.bytes(message), StandardCharsets.ISO_8859_1);

        assertThat(kept).startsWith("From: Dana Customer <dana@acme.test>\r\n").contains("X-Loop: support@helpdesk.test\r\n")
                .endsWith("\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe printer is broken.\r\n"
                        + "--b\r\nContent-Type: multipart/report; report-type=deliv?ry-status\r\n\r\nreport\r\n--b--\r\n");
    }

    @Test
    void bytesShouldWriteAChangedWellFormedMessageAsJavaMailDoes() throws Exception {
        MimeMessage message = changed("From: dana@acme.test\r\nSubject: Fine\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nHello.\r\n");

        assertThat(new String(MailHeaders.bytes(message), StandardCharsets.ISO_8859_1))
                .contains("X-Loop: support@helpdesk.test\r\n").endsWith("\r\n\r\nHello.\r\n");
    }
}
