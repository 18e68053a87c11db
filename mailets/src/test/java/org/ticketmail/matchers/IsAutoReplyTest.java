package org.ticketmail.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IsAutoReplyTest {
    private static final String SUPPORT = "support@helpdesk.test";
    IsAutoReply matcher;

    @BeforeEach
    void setUp() throws Exception {
        matcher = new IsAutoReply();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsAutoReply").condition(SUPPORT).build());
    }

    private static MimeMessageBuilder message() throws Exception {
        return MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT).setSubject("x").setText("x");
    }

    private static FakeMail mail(MimeMessageBuilder message, String sender) throws Exception {
        FakeMail.Builder b = FakeMail.builder().name("m").mimeMessage(message).recipient(SUPPORT);
        b = sender == null ? b.sender(MaybeSender.nullSender()) : b.sender(sender);
        return b.build();
    }

    @Test
    void matchShouldCatchAutoSubmitted() throws Exception {
        assertThat(matcher.match(mail(message().addHeader("Auto-Submitted", "auto-replied"), "dana@acme.test"))).isNotEmpty();
    }

    @Test
    void matchShouldLetAutoSubmittedNoPass() throws Exception {
        assertThat(matcher.match(mail(message().addHeader("Auto-Submitted", "no"), "dana@acme.test"))).isEmpty();
    }

    @Test
    void matchShouldCatchBulkAndListPrecedence() throws Exception {
        assertThat(matcher.match(mail(message().addHeader("Precedence", "bulk"), "dana@acme.test"))).isNotEmpty();
        assertThat(matcher.match(mail(message().addHeader("Precedence", "List"), "dana@acme.test"))).isNotEmpty();
    }

    @Test
    void matchShouldCatchNullSenderAndMailerDaemon() throws Exception {
        assertThat(matcher.match(mail(message(), null))).isNotEmpty();
        assertThat(matcher.match(mail(message(), "MAILER-DAEMON@mx.acme.test"))).isNotEmpty();
    }

    @Test
    void matchShouldCatchOurOwnLoop() throws Exception {
        assertThat(matcher.match(mail(message().addHeader("X-Loop", SUPPORT), "dana@acme.test")))
                .containsExactly(new MailAddress(SUPPORT));
    }

    @Test
    void matchShouldCatchDeliveryReports() throws Exception {
        MimeMessageBuilder report = MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").setSubject("x")
                .setContent(MimeMessageBuilder.multipartBuilder().subType("report").addBody(MimeMessageBuilder.bodyPartBuilder().data("failed")));
        assertThat(matcher.match(mail(report, "dana@acme.test"))).isNotEmpty();
    }

    @Test
    void matchShouldLetPersonalMailPass() throws Exception {
        assertThat(matcher.match(mail(message(), "dana@acme.test"))).isEmpty();
    }
}
