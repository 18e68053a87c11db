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
    void serviceShouldFindTicketByInReplyToOfASignedMessageIdWeSent() throws Exception {
        String sent = Fixtures.GATEWAY.newMessageId(number);

        FakeMail mail = identify(message("dana@acme.test", "Re: no number here").addHeader("In-Reply-To", sent), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
        assertThat(TicketAttributes.string(mail, TicketAttributes.THREADING)).contains("signed-reference");
    }

    @Test
    void serviceShouldFindTicketByASignedIdThatPythonWroteAsEncodedWords() throws Exception {
        // Python's email package (default policy) folds an In-Reply-To longer than a line into RFC 2047 encoded-words.
        String sent = Fixtures.GATEWAY.newMessageId(number);
        String encoded = "=?utf-8?q?" + sent.substring(0, 40).replace("<", "=3C").replace(".", "=2E") + "?=\r\n =?utf-8?q?"
                + sent.substring(40).replace(".", "=2E").replace("@", "=40").replace(">", "=3E") + "?=";

        FakeMail mail = identify(message("dana@acme.test", "Re: no number here").addHeader("In-Reply-To", encoded), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
        assertThat(TicketAttributes.string(mail, TicketAttributes.THREADING)).contains("signed-reference");
    }

    @Test
    void serviceShouldFindTicketBySignedIdAmongReferences() throws Exception {
        String older = Fixtures.GATEWAY.newMessageId(number);

        FakeMail mail = identify(message("dana@acme.test", "Re: no number")
                .addHeader("References", "<unrelated@x.test>\r\n " + older + " <other@y.test>"), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
    }

    @Test
    void serviceShouldSetThreadingSubjectWhenTheSubjectNamesTheTicket() throws Exception {
        FakeMail mail = identify(message("dana@acme.test", "Re: Ticket [" + number + "]"), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.THREADING)).contains("subject");
    }

    @Test
    void serviceShouldRefuseAReferenceInOurShapeWithoutAValidSignature() throws Exception {
        // Shaped like ours and even mapped to the ticket (as an id sent before signing was): not trusted.
        f.messageIds.map(number, List.of("<tm." + number + ".0123456789abcdef01234567.0123456789abcdef0123456789abcdef@helpdesk.test>"));

        FakeMail mail = identify(message("dana@acme.test", "Re: no number").addHeader("In-Reply-To",
                "<tm." + number + ".0123456789abcdef01234567.0123456789abcdef0123456789abcdef@helpdesk.test>"), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.THREADING)).contains("refused");
        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE)).contains("the mail answers a message of Ticket [" + number
                + "] by a reference that carries no valid ticketmail signature; a new ticket was opened (put the ticket tag in the"
                + " subject to add to a ticket)");
    }

    @Test
    void serviceShouldRefuseAnIdSignedWithAnotherKey() throws Exception {
        String foreign = ThreadIds.random().newId(number, SUPPORT);

        FakeMail mail = identify(message("dana@acme.test", "Re: no number").addHeader("In-Reply-To", foreign), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.THREADING)).contains("refused");
    }

    @Test
    void serviceShouldRefuseASignedIdWhoseTicketNumberWasChanged() throws Exception {
        String other = f.acmeTicket();
        String signedForOther = Fixtures.GATEWAY.newMessageId(other);
        String tampered = signedForOther.replace("<tm." + other + ".", "<tm." + number + ".");

        FakeMail mail = identify(message("dana@acme.test", "Re: no number").addHeader("In-Reply-To", tampered), SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
    }

    @Test
    void serviceShouldNotTrustACustomersReferenceToAMailRecordedOnTheTicket() throws Exception {
        f.messageIds.map(number, List.of("<dana-first@acme.test>"));

        FakeMail mail = identify(message("dana@acme.test", "Re: printer").addHeader("In-Reply-To", "<dana-first@acme.test>"),
                SenderKind.CUSTOMER, "acme");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE)).hasValueSatisfying(note -> assertThat(note)
                .startsWith("the mail answers a message of Ticket [" + number + "] by a reference that carries no valid ticketmail signature"));
    }

    @Test
    void serviceShouldLetAVerifiedEmployeeThreadOnAMailRecordedOnTheTicket() throws Exception {
        // Dana Cc'd alice directly; alice answers Dana's mail, with the support address in Cc, from her own client.
        f.messageIds.map(number, List.of("<dana-first@acme.test>"));

        FakeMail mail = identify(message("alice@helpdesk.test", "Re: printer").addHeader("In-Reply-To", "<dana-first@acme.test>"),
                SenderKind.EMPLOYEE, "alice");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
        assertThat(TicketAttributes.string(mail, TicketAttributes.THREADING)).contains("employee-reference");
    }

    @Test
    void serviceShouldNotLetAnUnverifiedEmployeeThreadOnAMailRecordedOnTheTicket() throws Exception {
        f.messageIds.map(number, List.of("<dana-first@acme.test>"));
        FakeMail mail = Fixtures.from(mail(message("alice@helpdesk.test", "Re: printer").addHeader("In-Reply-To", "<dana-first@acme.test>")),
                SenderKind.EMPLOYEE, "alice");
        TicketAttributes.set(mail, TicketAttributes.VERIFIED, IdentifySender.UNVERIFIED);

        mailet.service(mail);

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.THREADING)).contains("refused");
    }

    @Test
    void serviceShouldNoteRefusedThreadMatchWhenSenderMayNotWrite() throws Exception {
        String sent = Fixtures.GATEWAY.newMessageId(number);

        FakeMail mail = identify(message("mallory@globex.test", "Re: your printer").addHeader("In-Reply-To", sent),
                SenderKind.CUSTOMER, "globex");

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).isEmpty();
        assertThat(TicketAttributes.string(mail, TicketAttributes.THREADING)).contains("refused");
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
