package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StripQuotedTextTest {
    @TempDir
    Path dir;

    private static FakeMail strip(StripQuotedText mailet, MimeMessageBuilder message) throws Exception {
        FakeMail mail = mail(message);
        mailet.service(mail);
        return mail;
    }

    private static StripQuotedText defaults() throws Exception {
        return Fixtures.initWithoutStore(new StripQuotedText());
    }

    @Test
    void serviceShouldStripGmailQuoteBelowTheReply() throws Exception {
        FakeMail mail = strip(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .setSubject("Re: x").setText("Works now, thanks!\n\nOn Tue, Nov 3, 2026 at 9:12 AM Support <support@helpdesk.test> wrote:\n> Restart it.\n"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TEXT)).contains("Works now, thanks!");
    }

    @Test
    void serviceShouldStripOutlookQuoteWhenReplyIsOnTop() throws Exception {
        FakeMail mail = strip(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .setSubject("RE: x").setText("Still broken.\r\n\r\nFrom: Support <support@helpdesk.test>\r\nSent: Monday, November 2, 2026 10:00 AM\r\n"
                        + "To: Dana\r\nSubject: x\r\n\r\nRestart it.\r\n"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TEXT)).contains("Still broken.");
    }

    @Test
    void serviceShouldUseHtmlWhenThereIsNoPlainText() throws Exception {
        FakeMail mail = strip(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .setSubject("x").setText("<div dir=\"ltr\"><p>First line.</p><p>Second <b>line</b>.</p></div>"
                        + "<div class=\"gmail_quote\"><div>On Mon wrote:</div><blockquote>old</blockquote></div>", "text/html; charset=UTF-8"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TEXT)).contains("First line.\n\nSecond line.");
    }

    @Test
    void serviceShouldKeepFullTextAndSayWhyWhenRulesWouldRemoveAll() throws Exception {
        FakeMail mail = strip(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .setSubject("x").setText("> only a quote\n"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TEXT)).contains("> only a quote");
        assertThat(TicketAttributes.string(mail, TicketAttributes.TEXT_NOTE))
                .contains("the quote rules would have removed all text; the full text is kept");
    }

    @Test
    void serviceShouldUseRulesFileInsteadOfDefaults() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "# ours\ncut-from  ours  ^=== reply above ===\n");
        StripQuotedText mailet = Fixtures.initWithoutStore(new StripQuotedText(), "rules", rules.toString());

        FakeMail mail = strip(mailet, MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .setSubject("x").setText("New text\n=== reply above ===\nold\n> kept by our rules\n"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TEXT)).contains("New text");
    }

    @Test
    void serviceShouldSetNoTextNoteWhenQuoteIsStripped() throws Exception {
        FakeMail mail = strip(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .setSubject("Re: x").setText("Works now, thanks!\n\nOn Tue, Nov 3, 2026 at 9:12 AM Support <support@helpdesk.test> wrote:\n> Restart it.\n"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TEXT_NOTE)).isEmpty();
    }

    @Test
    void initShouldRefuseUnknownParameter() {
        assertThatThrownBy(() -> Fixtures.initWithoutStore(new StripQuotedText(), "rule", "x"))
                .hasMessage("mailetcontainer.xml: StripQuotedText has no parameter 'rule'; it takes rules");
    }

    @Test
    void initShouldNameFileAndLineOfBadRegex() throws Exception {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "cut-from ok ^--$\ncut-from broken ^(unclosed\n");
        assertThatThrownBy(() -> Fixtures.initWithoutStore(new StripQuotedText(), "rules", rules.toString()))
                .hasMessage(rules + " line 2: rule 'broken' has a bad regex (Unclosed group near index 10)");
    }
}
