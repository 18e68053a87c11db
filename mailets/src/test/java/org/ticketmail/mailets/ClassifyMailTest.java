package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class ClassifyMailTest {
    /** ClassifyMail asks neither the store nor the directory, so no Derby is started. */
    private static ClassifyMail init(Gateway gateway, String... parameters) throws Exception {
        return Fixtures.initWithoutStore(new ClassifyMail(gateway), parameters);
    }

    /** The INTERNAL attribute after classifying {@code message}, sent by {@code kind} as IdentifySender would say. */
    private static Optional<String> classify(ClassifyMail mailet, MimeMessageBuilder message, SenderKind kind, String who)
            throws Exception {
        FakeMail mail = Fixtures.from(mail(message), kind, who);
        mailet.service(mail);
        return TicketAttributes.string(mail, TicketAttributes.INTERNAL);
    }

    private static ClassifyMail defaults() throws Exception {
        return init(Fixtures.GATEWAY);
    }

    @Test
    void serviceShouldMakeMailInternalWhenSubjectHasKeyword() throws Exception {
        assertThat(classify(defaults(), message("alice@helpdesk.test", "*123* Ticket [2611-1000] note"), SenderKind.EMPLOYEE, "alice"))
                .contains("keyword");
    }

    @Test
    void serviceShouldMakeCustomerMailInternalWhenSubjectHasKeyword() throws Exception {
        assertThat(classify(defaults(), message("dana@acme.test", "private *123*"), SenderKind.CUSTOMER, "acme")).contains("keyword");
    }

    @Test
    void serviceShouldFindConfiguredKeywordIgnoringCase() throws Exception {
        ClassifyMail mailet = init(Fixtures.GATEWAY, "keyword", "#internal");

        assertThat(classify(mailet, message("alice@helpdesk.test", "#INTERNAL x"), SenderKind.EMPLOYEE, "alice")).contains("keyword");
    }

    @Test
    void serviceShouldIgnoreDefaultKeywordWhenAnotherIsConfigured() throws Exception {
        ClassifyMail mailet = init(Fixtures.GATEWAY, "keyword", "#internal");

        assertThat(classify(mailet, message("alice@helpdesk.test", "*123*"), SenderKind.EMPLOYEE, "alice")).isEmpty();
    }

    @Test
    void serviceShouldIgnoreKeywordWhenKeywordIsConfiguredEmpty() throws Exception {
        ClassifyMail mailet = init(Fixtures.GATEWAY, "keyword", "");

        assertThat(classify(mailet, message("alice@helpdesk.test", "*123* note"), SenderKind.EMPLOYEE, "alice")).isEmpty();
    }

    @Test
    void serviceShouldMakeEmployeeMailInternalWhenSupportIsOnlyInCc() throws Exception {
        assertThat(classify(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("alice@helpdesk.test")
                .addToRecipient("carol@helpdesk.test").addCcRecipient(SUPPORT).setSubject("x").setText("x"), SenderKind.EMPLOYEE, "alice"))
                .contains("cc-bcc");
    }

    @Test
    void serviceShouldMakeEmployeeMailInternalWhenToIsEmpty() throws Exception {
        assertThat(classify(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("alice@helpdesk.test").setSubject("x").setText("x"),
                SenderKind.EMPLOYEE, "alice")).contains("cc-bcc");
    }

    @Test
    void serviceShouldKeepCustomerMailPublicWhenSupportIsOnlyInCc() throws Exception {
        assertThat(classify(defaults(), MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test")
                .addToRecipient("someone@acme.test").addCcRecipient(SUPPORT).setSubject("x").setText("x"), SenderKind.CUSTOMER, "acme"))
                .isEmpty();
    }

    @Test
    void serviceShouldKeepEmployeeMailPublicWhenSupportIsInTo() throws Exception {
        assertThat(classify(defaults(), message("alice@helpdesk.test", "x"), SenderKind.EMPLOYEE, "alice")).isEmpty();
    }

    @Test
    void serviceShouldKeepEmployeeMailPublicWhenAnySupportAddressIsInTo() throws Exception {
        Gateway twoAddresses = new Gateway(List.of(SUPPORT, "help@helpdesk.test"), "Support", TicketTag.defaults(), Optional.empty());
        ClassifyMail mailet = init(twoAddresses);

        assertThat(classify(mailet, MimeMessageBuilder.mimeMessageBuilder().addFrom("alice@helpdesk.test")
                .addToRecipient("Help@Helpdesk.test").setSubject("x").setText("x"), SenderKind.EMPLOYEE, "alice")).isEmpty();
    }

    @Test
    void serviceShouldRefuseMailWithoutSenderKind() throws Exception {
        ClassifyMail mailet = defaults();
        FakeMail bare = mail(message("alice@helpdesk.test", "x"));

        assertThatThrownBy(() -> mailet.service(bare)).hasMessage("ClassifyMail needs the mail attribute ticketmail.senderKind, which"
                + " IdentifySender sets; put IdentifySender before ClassifyMail in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void initShouldRefuseKeywordWithSpaces() {
        assertThatThrownBy(() -> init(Fixtures.GATEWAY, "keyword", "two words"))
                .hasMessage("mailetcontainer.xml: ClassifyMail keyword 'two words' must be a single word without spaces, e.g. *123*; leave it empty to disable");
    }

    @Test
    void initShouldRefuseSupportAddressNowThatTheGatewayHasIt() {
        assertThatThrownBy(() -> init(Fixtures.GATEWAY, "supportAddress", SUPPORT))
                .hasMessage("mailetcontainer.xml: ClassifyMail has no parameter 'supportAddress'; it takes keyword");
    }
}
