package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;

import java.nio.file.Path;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyMailTest {
    @TempDir
    Path dir;
    Fixtures f;
    IdentifySender sender;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(dir);
        sender = f.init(new IdentifySender(f.directories));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private FakeMail classify(ClassifyMail mailet, MimeMessageBuilder message) throws Exception {
        FakeMail mail = mail(message);
        sender.service(mail);
        mailet.service(mail);
        return mail;
    }

    private ClassifyMail defaults() throws Exception {
        return f.init(new ClassifyMail(), "supportAddress", SUPPORT);
    }

    @Test
    void serviceShouldMakeMailWithKeywordInternal() throws Exception {
        FakeMail mail = classify(defaults(), Fixtures.message("alice@helpdesk.test", "*123* Ticket [2611-1000] note"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.INTERNAL)).contains("keyword");
    }

    @Test
    void keywordShouldMakeCustomerMailInternalToo() throws Exception {
        FakeMail mail = classify(defaults(), Fixtures.message("dana@acme.test", "private *123*"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.INTERNAL)).contains("keyword");
    }

    @Test
    void configuredKeywordShouldReplaceDefault() throws Exception {
        ClassifyMail mailet = f.init(new ClassifyMail(), "supportAddress", SUPPORT, "keyword", "#internal");

        assertThat(classify(mailet, Fixtures.message("alice@helpdesk.test", "*123*")).getAttribute(TicketAttributes.INTERNAL)).isEmpty();
        assertThat(classify(mailet, Fixtures.message("alice@helpdesk.test", "#INTERNAL x")).getAttribute(TicketAttributes.INTERNAL)).isPresent();
    }

    @Test
    void emptyKeywordShouldDisableKeywordRule() throws Exception {
        ClassifyMail mailet = f.init(new ClassifyMail(), "supportAddress", SUPPORT, "keyword", "");

        assertThat(classify(mailet, Fixtures.message("alice@helpdesk.test", "*123* note")).getAttribute(TicketAttributes.INTERNAL)).isEmpty();
    }

    @Test
    void employeeMailWithSupportOnlyInCcShouldBeInternal() throws Exception {
        FakeMail mail = classify(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("alice@helpdesk.test")
                .addToRecipient("carol@helpdesk.test").addCcRecipient(SUPPORT).setSubject("x").setText("x"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.INTERNAL)).contains("cc-bcc");
    }

    @Test
    void employeeMailWithEmptyToShouldBeInternal() throws Exception {
        FakeMail mail = classify(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("alice@helpdesk.test").setSubject("x").setText("x"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.INTERNAL)).contains("cc-bcc");
    }

    @Test
    void customerMailWithSupportInCcShouldCountAsTo() throws Exception {
        FakeMail mail = classify(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test")
                .addToRecipient("someone@acme.test").addCcRecipient(SUPPORT).setSubject("x").setText("x"));

        assertThat(mail.getAttribute(TicketAttributes.INTERNAL)).isEmpty();
    }

    @Test
    void employeeMailToSupportShouldBePublic() throws Exception {
        assertThat(classify(defaults(), Fixtures.message("alice@helpdesk.test", "x")).getAttribute(TicketAttributes.INTERNAL)).isEmpty();
    }

    @Test
    void initShouldRefuseMissingSupportAddress() {
        assertThatThrownBy(() -> f.init(new ClassifyMail()))
                .hasMessage("mailetcontainer.xml: ClassifyMail needs supportAddress, e.g. <supportAddress>support@helpdesk.example</supportAddress>");
    }

    @Test
    void initShouldRefuseKeywordWithSpaces() {
        assertThatThrownBy(() -> f.init(new ClassifyMail(), "supportAddress", SUPPORT, "keyword", "two words"))
                .hasMessage("mailetcontainer.xml: ClassifyMail keyword 'two words' must be a single word without spaces, e.g. *123*; leave it empty to disable");
    }
}
