package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;

import java.util.Optional;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class ReadCommandsTest {
    static final String WITH_COMMANDS = "#close solved\n#priority high\n\nReplaced the toner.\n\nOn Monday Dana wrote:\n> broken\n";

    /** ReadCommands asks neither the store nor the directory, so no Derby is started. */
    private static ReadCommands init(String... parameters) throws Exception {
        return Fixtures.initWithoutStore(new ReadCommands(), parameters);
    }

    private static MimeMessageBuilder message(String from, String text) throws Exception {
        return MimeMessageBuilder.mimeMessageBuilder().addFrom(from).addToRecipient(SUPPORT).setSubject("Ticket [2611-1000]").setText(text);
    }

    /** The COMMANDS attribute after reading {@code mail}. */
    private static Optional<String> commands(FakeMail mail) throws Exception {
        init().service(mail);
        return TicketAttributes.string(mail, TicketAttributes.COMMANDS);
    }

    private static FakeMail employeeMail(String text, String verified) throws Exception {
        FakeMail mail = Fixtures.from(mail(message("alice@helpdesk.test", text)), SenderKind.EMPLOYEE, "alice");
        TicketAttributes.set(mail, TicketAttributes.VERIFIED, verified);
        return mail;
    }

    @Test
    void serviceShouldSetCommandsWhenNetworkVerifiedEmployeeWritesThemAtTheTop() throws Exception {
        assertThat(commands(employeeMail(WITH_COMMANDS, "network"))).contains("#close solved\n#priority high");
    }

    @Test
    void serviceShouldSetCommandsWhenAuthVerifiedEmployeeWritesThemAtTheTop() throws Exception {
        assertThat(commands(employeeMail(WITH_COMMANDS, "auth"))).contains("#close solved\n#priority high");
    }

    @Test
    void serviceShouldSetCommandsAfterBlankLinesAsWritten() throws Exception {
        assertThat(commands(employeeMail("\n\n  #Lock\n\n#assign   bob\nDone.\n", "network"))).contains("#Lock\n#assign   bob");
    }

    @Test
    void serviceShouldSetCommandsOfCrlfMail() throws Exception {
        assertThat(commands(employeeMail("#lock\r\n#done\r\nDone.\r\n", "network"))).contains("#lock\n#done");
    }

    @Test
    void serviceShouldSetNothingWhenCustomerWritesCommandLines() throws Exception {
        FakeMail mail = Fixtures.from(mail(message("dana@acme.test", "#close\n\nThanks, it works.\n")), SenderKind.CUSTOMER, "acme");

        assertThat(commands(mail)).isEmpty();
    }

    @Test
    void serviceShouldSetNothingWhenUnknownSenderWritesCommandLines() throws Exception {
        FakeMail mail = Fixtures.from(mail(message("stranger@nowhere.test", "#close\n")), SenderKind.UNKNOWN, null);

        assertThat(commands(mail)).isEmpty();
    }

    @Test
    void serviceShouldSetNothingWhenEmployeeMailIsUnverified() throws Exception {
        assertThat(commands(employeeMail(WITH_COMMANDS, IdentifySender.UNVERIFIED))).isEmpty();
    }

    @Test
    void serviceShouldSetNothingWhenEmployeeMailHasNoCommands() throws Exception {
        assertThat(commands(employeeMail("Replaced the toner.\n", "network"))).isEmpty();
    }

    @Test
    void serviceShouldSetNothingWhenCommandLineFollowsText() throws Exception {
        assertThat(commands(employeeMail("Replaced the toner.\n#close solved\n", "network"))).isEmpty();
    }

    @Test
    void serviceShouldRefuseEmployeeMailWithoutVerified() throws Exception {
        FakeMail mail = employeeMail(WITH_COMMANDS, "network");
        mail.removeAttribute(TicketAttributes.VERIFIED.name());
        ReadCommands mailet = init();

        assertThatThrownBy(() -> mailet.service(mail)).hasMessage("ReadCommands needs the mail attribute ticketmail.verified, which"
                + " IdentifySender sets; put IdentifySender before ReadCommands in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void serviceShouldRefuseMailWithoutSenderKind() throws Exception {
        FakeMail bare = mail(message("alice@helpdesk.test", WITH_COMMANDS));
        ReadCommands mailet = init();

        assertThatThrownBy(() -> mailet.service(bare)).hasMessage("ReadCommands needs the mail attribute ticketmail.senderKind, which"
                + " IdentifySender sets; put IdentifySender before ReadCommands in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void initShouldRefuseParameters() {
        assertThatThrownBy(() -> init("strict", "true"))
                .hasMessage("mailetcontainer.xml: ReadCommands has no parameter 'strict'; it takes none");
    }
}
