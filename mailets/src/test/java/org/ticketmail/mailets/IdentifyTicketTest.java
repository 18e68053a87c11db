package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.nio.file.Path;
import java.util.List;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentifyTicketTest {
    @TempDir
    Path dir;
    Fixtures f;
    IdentifySender sender;
    IdentifyTicket mailet;
    String number;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures(dir);
        sender = f.init(new IdentifySender(f.directories));
        mailet = f.init(new IdentifyTicket(f.store));
        number = f.acmeTicket();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private FakeMail identify(MimeMessageBuilder message) throws Exception {
        FakeMail mail = mail(message);
        sender.service(mail);
        mailet.service(mail);
        return mail;
    }

    @Test
    void serviceShouldFindTicketNumberAnywhereInSubject() throws Exception {
        FakeMail mail = identify(message("dana@acme.test", "RE: AW: Printer broken ticket [ " + number + " ] thanks"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldLetAnyContactOfTheAccountWrite() throws Exception {
        assertThat(TicketAttributes.string(identify(message("colleague@acme.test", "Ticket [" + number + "]")), TicketAttributes.TICKET))
                .contains(number);
    }

    @Test
    void serviceShouldNoteUnknownNumberAndAttachNothing() throws Exception {
        FakeMail mail = identify(message("dana@acme.test", "Ticket [0101-4242]"));

        assertThat(mail.getAttribute(TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE))
                .contains("the subject names Ticket [0101-4242], which does not exist; a new ticket was opened");
    }

    @Test
    void serviceShouldNotAttachCustomerOfAnotherAccount() throws Exception {
        FakeMail mail = identify(message("mallory@globex.test", "Ticket [" + number + "]"));

        assertThat(mail.getAttribute(TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE)).hasValueSatisfying(n -> assertThat(n)
                .contains("neither an employee, a recipient of it nor a contact of its account"));
    }

    @Test
    void serviceShouldFindTicketByInReplyToOfMailWeSent() throws Exception {
        f.store.mapMessageIds(number, List.of("<tm.sent@helpdesk.test>"));

        FakeMail mail = identify(message("dana@acme.test", "Re: no number here").addHeader("In-Reply-To", "<tm.sent@helpdesk.test>"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldFindTicketByReferences() throws Exception {
        f.store.mapMessageIds(number, List.of("<tm.older@helpdesk.test>"));

        FakeMail mail = identify(message("dana@acme.test", "Re: no number")
                .addHeader("References", "<unrelated@x.test>\r\n <tm.older@helpdesk.test> <other@y.test>"));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void initShouldRefusePatternWithoutGroup() {
        assertThatThrownBy(() -> f.init(new IdentifyTicket(f.store), "ticketPattern", "#\\d+"))
                .hasMessage("mailetcontainer.xml: IdentifyTicket ticketPattern '#\\d+' has no group for the number; put the number in ( ), e.g. "
                        + TicketTag.DEFAULT_PATTERN);
    }

    @Test
    void initShouldRefuseBadRegex() {
        assertThatThrownBy(() -> f.init(new IdentifyTicket(f.store), "ticketPattern", "Ticket [("))
                .hasMessageStartingWith("mailetcontainer.xml: IdentifyTicket ticketPattern 'Ticket [(' is not a regex (");
    }

    @Test
    void customFormatShouldBeUsed() throws Exception {
        IdentifyTicket custom = f.init(new IdentifyTicket(f.store), "ticketPattern", "\\[#(\\d{4}-\\d+)\\]", "ticketFormat", "[#%s]");
        FakeMail mail = mail(message("dana@acme.test", "Re: [#" + number + "] printer"));
        sender.service(mail);

        custom.service(mail);

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }
}
