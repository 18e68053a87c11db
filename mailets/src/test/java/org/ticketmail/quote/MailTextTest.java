package org.ticketmail.quote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class MailTextTest {
    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private static MimeMessage parse(String raw) throws Exception {
        return parse(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void quotedPrintableLatin1ShouldBeDecoded() throws Exception {
        MimeMessage m = parse("Subject: =?ISO-8859-1?Q?Dr=FCcker_kaputt?=\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\nDer Dr=FCcker ist kaputt.\r\n");

        assertThat(m.getSubject()).isEqualTo("Drücker kaputt");
        assertThat(MailText.of(m).text()).isEqualTo("Der Drücker ist kaputt.\r\n");
    }

    @Test
    void base64Utf8ShouldBeDecoded() throws Exception {
        String body = java.util.Base64.getEncoder().encodeToString("Привет, принтер сломан".getBytes(StandardCharsets.UTF_8));
        MimeMessage m = parse("Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body + "\r\n");

        assertThat(MailText.of(m).text()).isEqualTo("Привет, принтер сломан");
    }

    @Test
    void undeclared8BitShouldFallBackToWindows1252() throws Exception {
        byte[] raw = "Subject: x\r\nContent-Type: text/plain\r\n\r\nCafé € price\r\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));

        assertThat(MailText.of(parse(raw)).text()).isEqualTo("Café € price\r\n");
    }

    @Test
    void undeclaredUtf8ShouldBeReadAsUtf8() throws Exception {
        byte[] raw = "Subject: x\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nGrüße\r\n".getBytes(StandardCharsets.UTF_8);

        assertThat(MailText.of(parse(raw)).text()).isEqualTo("Grüße\r\n");
    }

    @Test
    void unknownCharsetShouldNotLoseTheBody() throws Exception {
        byte[] raw = "Subject: x\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nStill here\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(MailText.of(parse(raw)).text()).isEqualTo("Still here\r\n");
    }

    @Test
    void htmlOnlyMessageShouldYieldReplyWithoutQuote() throws Exception {
        MimeMessage m = parse("Subject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div>New text</div>"
                + "<div class=\"gmail_quote\">On Mon, Support wrote:<blockquote>old</blockquote></div>\r\n");

        assertThat(MailText.reply(m, new QuoteStripper(QuoteRules.defaults())).text()).isEqualTo("New text");
    }

    @Test
    void attachmentsShouldBeListedNotRead() throws Exception {
        MimeMessage m = parse("Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee file\r\n"
                + "--b\r\nContent-Type: application/octet-stream; name=\"a.bin\"\r\nContent-Disposition: attachment; filename=\"a.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n--b--\r\n");

        MailText.Content c = MailText.of(m);
        assertThat(c.text()).isEqualTo("See file");
        assertThat(c.attachments()).containsExactly(new MailText.Attached("a.bin", 4));
    }
}
