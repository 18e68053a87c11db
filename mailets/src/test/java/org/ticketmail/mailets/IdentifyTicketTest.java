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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ticketmail.store.Direction;
import org.ticketmail.store.Intake;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;

class IdentifyTicketTest {
    Fixtures f;
    IdentifyTicket mailet;
    String number;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures();
        mailet = f.init(new IdentifyTicket(f.store, f.messageIds, f.directories, Fixtures.GATEWAY));
        number = f.acmeTicket();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** The mail after IdentifyTicket, its sender as IdentifySender would have identified it. */
    private FakeMail identify(MimeMessageBuilder message, SenderKind kind, String who) throws Exception {
        FakeMail mail = Fixtures.from(mail(message), kind, who);
        mailet.service(mail);
        return mail;
    }

    private void addRecipient(Recipient recipient) {
        f.store.record(Intake.onTicket(number, "<add-" + System.nanoTime() + "@x.test>",
                new NewHistoryEntry(Direction.IN, true, "x", "x", "x", null, null, null, List.of())).withRecipients(List.of(recipient)));
    }

    private String refusedSubject() {
        return "the subject names Ticket [" + number + "], but the sender is neither an employee, a recipient of it nor a contact of"
                + " its account; a new ticket was opened";
    }

    @Test
    void serviceShouldFindTicketNumberAnywhereInSubject() throws Exception {
        FakeMail mail = identify(message("dana@acme.test", "RE: AW: Printer broken ticket [ " + number + " ] thanks"), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldLetAnyCustomerOfTheTicketsAccountWrite() throws Exception {
        FakeMail mail = identify(message("colleague@acme.test", "Ticket [" + number + "]"), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldLetAnyEmployeeWrite() throws Exception {
        FakeMail mail = identify(message("dave@helpdesk.test", "Ticket [" + number + "]"), SenderKind.EMPLOYEE, "dave");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldLetExternalRecipientOfTheTicketWrite() throws Exception {
        addRecipient(Recipient.external("partner@vendor.test", RecipientKind.CC));

        FakeMail mail = identify(message("partner@vendor.test", "Ticket [" + number + "]"), SenderKind.UNKNOWN, null);

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldNoteUnknownNumberAndAttachNothing() throws Exception {
        FakeMail mail = identify(message("dana@acme.test", "Ticket [0101-4242]"), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE))
                .contains("the subject names Ticket [0101-4242], which does not exist; a new ticket was opened");
    }

    @Test
    void serviceShouldNoteRefusalWhenSubjectNamesTicketOfAnotherAccount() throws Exception {
        FakeMail mail = identify(message("mallory@globex.test", "Ticket [" + number + "]"), SenderKind.CUSTOMER, "globex");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE)).contains(refusedSubject());
    }

    @Test
    void serviceShouldNotLetAddressListedOnlyAsEmployeeRecipientWriteAsCustomer() throws Exception {
        addRecipient(Recipient.employee("frank", "frank@helpdesk.test"));

        // frank is inactive: IdentifySender calls him unknown, and his listing as an employee recipient gives him no right.
        FakeMail mail = identify(message("frank@helpdesk.test", "Ticket [" + number + "]"), SenderKind.UNKNOWN, null);

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE)).contains(refusedSubject());
    }

    @Test
    void serviceShouldFindTicketByInReplyToOfMailWeSent() throws Exception {
        f.messageIds.map(number, List.of("<tm.sent@helpdesk.test>"));

        FakeMail mail = identify(message("dana@acme.test", "Re: no number here").addHeader("In-Reply-To", "<tm.sent@helpdesk.test>"),
                SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldFindTicketByReferences() throws Exception {
        f.messageIds.map(number, List.of("<tm.older@helpdesk.test>"));

        FakeMail mail = identify(message("dana@acme.test", "Re: no number")
                .addHeader("References", "<unrelated@x.test>\r\n <tm.older@helpdesk.test> <other@y.test>"), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldNoteRefusedThreadMatchWhenSenderMayNotWrite() throws Exception {
        f.messageIds.map(number, List.of("<tm.sent@helpdesk.test>"));

        FakeMail mail = identify(message("mallory@globex.test", "Re: your printer").addHeader("In-Reply-To", "<tm.sent@helpdesk.test>"),
                SenderKind.CUSTOMER, "globex");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE)).contains("the mail answers a message of Ticket [" + number
                + "], but the sender is neither an employee, a recipient of it nor a contact of its account; a new ticket was opened");
    }

    @Test
    void serviceShouldLeaveMailWithoutNumberOrThreadUnattachedAndUnnoted() throws Exception {
        FakeMail mail = identify(message("dana@acme.test", "New problem"), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE)).isEmpty();
    }

    @Test
    void serviceShouldFindNumberByTheGatewaysTag() throws Exception {
        Gateway custom = new Gateway(List.of(SUPPORT), "Support", TicketTag.of("\\[#(\\d{4}-\\d+)\\]", "[#%s]"), Optional.empty());
        FakeMail mail = Fixtures.from(mail(message("dana@acme.test", "Re: [#" + number + "] printer")), SenderKind.CUSTOMER, "acme");

        f.init(new IdentifyTicket(f.store, f.messageIds, f.directories, custom)).service(mail);

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldRefuseMailWithoutDirectoryGeneration() throws Exception {
        FakeMail bare = mail(message("dana@acme.test", "Ticket [" + number + "]"));

        assertThatThrownBy(() -> mailet.service(bare)).hasMessage("IdentifyTicket needs the mail attribute ticketmail.directory, which"
                + " IdentifySender sets; put IdentifySender before IdentifyTicket in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void serviceShouldRefuseMailWhoseDirectoryGenerationIsForgotten() throws Exception {
        FakeMail mail = Fixtures.from(mail(message("dana@acme.test", "Ticket [" + number + "]")), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(mail, TicketAttributes.DIRECTORY, 2L);

        assertThatThrownBy(() -> mailet.service(mail)).hasMessage("IdentifyTicket: the directory this mail started with (generation 2) is"
                + " no longer remembered; conf/directory.yaml changed too often while the mail was in the pipeline. Send it again to"
                + " handle it with the directory in force now");
    }

    @Test
    void initShouldRefuseTicketPatternNowThatTheGatewayHasIt() {
        assertThatThrownBy(() -> f.init(new IdentifyTicket(f.store, f.messageIds, f.directories, Fixtures.GATEWAY), "ticketPattern", "#(\\d+)"))
                .hasMessage("mailetcontainer.xml: IdentifyTicket has no parameter 'ticketPattern'; it takes none");
    }

    @Test
    void tagShouldRefusePatternWithoutGroup() {
        assertThatThrownBy(() -> TicketTag.of("#\\d+", null))
                .hasMessage("ticket.subjectPattern '#\\d+' has no group for the number; put the number in ( ), e.g. " + TicketTag.DEFAULT_PATTERN);
    }

    @Test
    void tagShouldRefuseBadRegex() {
        assertThatThrownBy(() -> TicketTag.of("Ticket [(", null))
                .hasMessage("ticket.subjectPattern 'Ticket [(' is not a regex (Unclosed character class); e.g. " + TicketTag.DEFAULT_PATTERN);
    }
}
