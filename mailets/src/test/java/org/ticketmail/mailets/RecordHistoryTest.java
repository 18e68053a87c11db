package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.CLOCK;
import static org.ticketmail.mailets.Fixtures.SUPPORT;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ticketmail.store.Attachment;
import org.ticketmail.store.Direction;
import org.ticketmail.store.HistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStatus;

class RecordHistoryTest {
    /** The reply text StripQuotedText would have set: different from the body, so the entry shows which one was recorded. */
    static final String TEXT = "The stripped reply.";
    static final Recipient DANA = Recipient.external("dana@acme.test", RecipientKind.TO);
    static final Recipient ALICE = Recipient.employee("alice", "alice@helpdesk.test");
    static final Recipient BOB = Recipient.employee("bob", "bob@helpdesk.test");
    static final Recipient CAROL = Recipient.employee("carol", "carol@helpdesk.test");
    static final Recipient GINA = Recipient.employee("gina", "gina@helpdesk.test");

    Fixtures f;
    RecordHistory mailet;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures();
        mailet = f.init(new RecordHistory(f.store, f.held, f.directories, Fixtures.GATEWAY, org.ticketmail.store.StatusMap.defaults()));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** A mail without a ticket as the steps before RecordHistory leave it: sender identified, reply text stripped. */
    private static FakeMail prepared(MimeMessageBuilder message, SenderKind kind, String who) throws Exception {
        FakeMail mail = Fixtures.from(mail(message), kind, who);
        TicketAttributes.set(mail, TicketAttributes.TEXT, TEXT);
        return mail;
    }

    /** A mail IdentifyTicket found ticket {@code number} for. */
    private static FakeMail onTicket(String number, MimeMessageBuilder message, SenderKind kind, String who) throws Exception {
        FakeMail mail = prepared(message, kind, who);
        TicketAttributes.set(mail, TicketAttributes.TICKET, number);
        return mail;
    }

    private FakeMail record(FakeMail mail) throws Exception {
        mailet.service(mail);
        return mail;
    }

    private static String ticketOf(FakeMail mail) {
        return TicketAttributes.string(mail, TicketAttributes.TICKET).orElseThrow();
    }

    private HistoryEntry lastEntry(String number) {
        var history = f.store.history(number);
        return history.get(history.size() - 1);
    }

    private static MimeMessageBuilder customerOpening() throws Exception {
        return message("Dana Customer <dana@acme.test>", "Printer broken").addHeader("Message-ID", "<m1@acme.test>");
    }

    @Test
    void serviceShouldOpenTicketOfTheSendersAccountWhenCustomerMailHasNoTicket() throws Exception {
        String number = ticketOf(record(prepared(customerOpening(), SenderKind.CUSTOMER, "acme")));

        assertThat(f.store.ticket(number)).contains(new Ticket(number, "Printer broken", "acme", "dana@acme.test", "alice",
                TicketStatus.NEW, "normal", true, CLOCK.instant(), CLOCK.instant(), null, null, false, null, null, 0));
    }

    @Test
    void serviceShouldSetOpenedWhenMailOpensTicket() throws Exception {
        FakeMail mail = record(prepared(customerOpening(), SenderKind.CUSTOMER, "acme"));

        assertThat(TicketAttributes.flag(mail, TicketAttributes.OPENED)).isTrue();
    }

    @Test
    void serviceShouldNotSetOpenedWhenMailIsOnExistingTicket() throws Exception {
        String number = f.acmeTicket();

        FakeMail mail = record(onTicket(number, message("dana@acme.test", "Ticket [" + number + "]"), SenderKind.CUSTOMER, "acme"));

        assertThat(TicketAttributes.flag(mail, TicketAttributes.OPENED)).isFalse();
        assertThat(ticketOf(mail)).isEqualTo(number);
    }

    @Test
    void serviceShouldListDefaultRecipientsWhenCustomerOpensTicket() throws Exception {
        String number = ticketOf(record(prepared(customerOpening(), SenderKind.CUSTOMER, "acme")));

        // dana the sender; alice the default ticket manager; bob the account manager; carol and gina (option ALL, active).
        assertThat(f.store.recipients(number)).containsExactly(DANA, ALICE, BOB, CAROL, GINA);
    }

    @Test
    void serviceShouldRecordCustomerMailAsPublicIncomingEntryWithTheStrippedText() throws Exception {
        String number = ticketOf(record(prepared(customerOpening(), SenderKind.CUSTOMER, "acme")));

        HistoryEntry h = f.store.history(number).get(0);
        assertThat(h).isEqualTo(new HistoryEntry(h.id(), number, CLOCK.instant(), Direction.IN, true, "Dana Customer <dana@acme.test>",
                "Printer broken", TEXT, null, "<m1@acme.test>", "new-ticket"));
    }

    @Test
    void serviceShouldSetRecordedToTheIdOfTheHistoryEntry() throws Exception {
        FakeMail mail = record(prepared(customerOpening(), SenderKind.CUSTOMER, "acme"));

        assertThat(TicketAttributes.requireLong(mail, TicketAttributes.RECORDED, "test")).isEqualTo(f.store.history(ticketOf(mail)).get(0).id());
    }

    @Test
    void serviceShouldKeepTheOriginalMessage() throws Exception {
        FakeMail mail = record(prepared(customerOpening(), SenderKind.CUSTOMER, "acme"));

        long id = f.store.history(ticketOf(mail)).get(0).id();
        assertThat(f.store.original(id).orElseThrow()).isEqualTo(MailHeaders.bytes(mail.getMessage()));
    }

    @Test
    void serviceShouldOpenTicketWithoutAccountOrManagerWhenSenderIsUnknown() throws Exception {
        String number = ticketOf(record(prepared(message("stranger@nowhere.test", "Hi"), SenderKind.UNKNOWN, null)));

        Ticket t = f.store.ticket(number).orElseThrow();
        assertThat(t.accountId()).isNull();
        assertThat(t.managerId()).isNull();
        assertThat(t.contactAddress()).isEqualTo("stranger@nowhere.test");
    }

    @Test
    void serviceShouldMakeDispatcherManagerWhenSenderIsUnknown() throws Exception {
        RecordHistory dispatching = f.init(new RecordHistory(f.store, f.held, f.directories, Fixtures.GATEWAY.withDispatcher("carol"), org.ticketmail.store.StatusMap.defaults()));
        FakeMail mail = prepared(message("stranger@nowhere.test", "Hi"), SenderKind.UNKNOWN, null);

        dispatching.service(mail);

        assertThat(f.store.ticket(ticketOf(mail)).orElseThrow().managerId()).isEqualTo("carol");
    }

    @Test
    void serviceShouldNoteDispatcherWhenItManagesTicketOfUnknownSender() throws Exception {
        RecordHistory dispatching = f.init(new RecordHistory(f.store, f.held, f.directories, Fixtures.GATEWAY.withDispatcher("carol"), org.ticketmail.store.StatusMap.defaults()));
        FakeMail mail = prepared(message("stranger@nowhere.test", "Hi"), SenderKind.UNKNOWN, null);

        dispatching.service(mail);

        assertThat(f.store.history(ticketOf(mail)).get(0).note()).isEqualTo("managed by the dispatcher (carol): the sender belongs to no account");
    }

    @Test
    void serviceShouldNotListHelpDeskSenderAsCustomerRecipient() throws Exception {
        // frank is inactive, so IdentifySender calls him unknown.
        String number = ticketOf(record(prepared(message("frank@helpdesk.test", "From a former employee"), SenderKind.UNKNOWN, null)));

        assertThat(f.store.recipients(number)).containsExactly(CAROL, GINA);
    }

    @Test
    void serviceShouldNoteWhyHelpDeskSenderIsNotARecipient() throws Exception {
        String number = ticketOf(record(prepared(message("frank@helpdesk.test", "From a former employee"), SenderKind.UNKNOWN, null)));

        assertThat(f.store.history(number).get(0).note())
                .isEqualTo("the sender address 'frank@helpdesk.test' belongs to an employee or the support address; it is not a customer recipient");
    }

    private static MimeMessageBuilder employeeOpening() throws Exception {
        return MimeMessageBuilder.mimeMessageBuilder().addFrom("alice@helpdesk.test").addToRecipient(SUPPORT)
                .addCcRecipient("dana@acme.test").setSubject("Planned maintenance").setText("Tonight.");
    }

    @Test
    void serviceShouldOpenTicketManagedByTheEmployeeForTheContactTheyWrote() throws Exception {
        String number = ticketOf(record(prepared(employeeOpening(), SenderKind.EMPLOYEE, "alice")));

        assertThat(f.store.ticket(number)).contains(new Ticket(number, "Planned maintenance", "acme", "dana@acme.test", "alice",
                TicketStatus.NEW, "normal", false, CLOCK.instant(), CLOCK.instant(), null, null, false, null, null, 0));
    }

    @Test
    void serviceShouldListTheExternalAddressesOfTheEmployeesMailOnTheTicketItOpens() throws Exception {
        String number = ticketOf(record(prepared(employeeOpening(), SenderKind.EMPLOYEE, "alice")));

        assertThat(f.store.recipients(number)).containsExactly(ALICE, BOB, CAROL, GINA, Recipient.external("dana@acme.test", RecipientKind.CC));
    }

    @Test
    void serviceShouldRecordEmployeeMailAsOutgoing() throws Exception {
        String number = ticketOf(record(prepared(employeeOpening(), SenderKind.EMPLOYEE, "alice")));

        assertThat(f.store.history(number).get(0).direction()).isEqualTo(Direction.OUT);
    }

    @Test
    void serviceShouldDropTagOfUnusableNumberFromTheNewTicketsSubject() throws Exception {
        FakeMail mail = prepared(message("dana@acme.test", "Re: Ticket [0101-4242] printer  again"), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(mail, TicketAttributes.TICKET_NOTE, "the subject names Ticket [0101-4242], which does not exist; a new ticket was opened");

        String number = ticketOf(record(mail));

        assertThat(f.store.ticket(number).orElseThrow().subject()).isEqualTo("Re: printer again");
    }

    @Test
    void serviceShouldNoteWhatEarlierStepsNoted() throws Exception {
        FakeMail mail = prepared(customerOpening(), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(mail, TicketAttributes.TICKET_NOTE, "ticket note");
        TicketAttributes.set(mail, TicketAttributes.TEXT_NOTE, "text note");

        String number = ticketOf(record(mail));

        assertThat(f.store.history(number).get(0).note()).isEqualTo("ticket note; text note");
    }

    @Test
    void serviceShouldHoldRedeliveredMailAndEndItsProcessing() throws Exception {
        String number = ticketOf(record(prepared(message("dana@acme.test", "Once").addHeader("Message-ID", "<same@acme.test>"),
                SenderKind.CUSTOMER, "acme")));

        FakeMail again = record(prepared(message("dana@acme.test", "Once").addHeader("Message-ID", "<same@acme.test>"),
                SenderKind.CUSTOMER, "acme"));

        assertThat(again.getState()).isEqualTo(Mail.GHOST);
        assertThat(f.held.newest(10)).singleElement().satisfies(h -> {
            assertThat(h.reason()).isEqualTo("recorded before on ticket " + number + " (same Message-ID and body); not processed again");
            assertThat(h.recipients()).isEqualTo(SUPPORT);
        });
    }

    @Test
    void serviceShouldWriteNothingWhenMailIsRedelivered() throws Exception {
        String number = ticketOf(record(prepared(message("dana@acme.test", "Once").addHeader("Message-ID", "<same@acme.test>"),
                SenderKind.CUSTOMER, "acme")));

        record(prepared(message("dana@acme.test", "Once").addHeader("Message-ID", "<same@acme.test>"), SenderKind.CUSTOMER, "acme"));

        assertThat(f.store.countTickets()).isEqualTo(1);
        assertThat(f.store.history(number)).hasSize(1);
    }

    @Test
    void serviceShouldRecordMailThatReusesMessageIdWithAnotherBodyAsItsOwn() throws Exception {
        record(prepared(MimeMessageBuilder.mimeMessageBuilder().addFrom("scanner@acme.test").addToRecipient(SUPPORT).setSubject("Toner low")
                .setText("Toner low").addHeader("Message-ID", "<1@scanner>"), SenderKind.CUSTOMER, "acme"));

        FakeMail second = record(prepared(MimeMessageBuilder.mimeMessageBuilder().addFrom("scanner@acme.test").addToRecipient(SUPPORT)
                .setSubject("Paper jam").setText("Paper jam").addHeader("Message-ID", "<1@scanner>"), SenderKind.CUSTOMER, "acme"));

        assertThat(second.getState()).isNotEqualTo(Mail.GHOST);
        assertThat(f.store.countTickets()).isEqualTo(2);
        assertThat(f.held.newest(10)).isEmpty();
    }

    @Test
    void serviceShouldAddToAndCcAddressesToTheTicket() throws Exception {
        String number = f.acmeTicket();

        record(onTicket(number, MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT, "ed@gmail.test")
                .addCcRecipient("dave@helpdesk.test", "boss@acme.test").setSubject("Ticket [" + number + "]").setText("x"),
                SenderKind.CUSTOMER, "acme"));

        assertThat(f.store.recipients(number)).containsExactly(DANA, ALICE, BOB, CAROL, Recipient.external("ed@gmail.test", RecipientKind.TO),
                Recipient.employee("dave", "dave@helpdesk.test"), Recipient.external("boss@acme.test", RecipientKind.CC));
    }

    @Test
    void serviceShouldNotAddUndeliverableAddressesToTheTicket() throws Exception {
        String number = f.acmeTicket();

        record(onTicket(number, MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .addHeader("Cc", "taro..yamada@docomo.ne.jp, ok@acme.test").setSubject("Ticket [" + number + "]").setText("x"),
                SenderKind.CUSTOMER, "acme"));

        assertThat(f.store.recipients(number)).containsExactly(DANA, ALICE, BOB, CAROL, Recipient.external("ok@acme.test", RecipientKind.CC));
    }

    @Test
    void serviceShouldNoteUndeliverableAddressesItDidNotAdd() throws Exception {
        String number = f.acmeTicket();

        record(onTicket(number, MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .addHeader("Cc", "taro..yamada@docomo.ne.jp, ok@acme.test").setSubject("Ticket [" + number + "]").setText("x"),
                SenderKind.CUSTOMER, "acme"));

        assertThat(lastEntry(number).note()).isEqualTo("not added as recipients, as they cannot be delivered to: taro..yamada@docomo.ne.jp");
    }

    @Test
    void serviceShouldAddNobodyWhenAutoAddRecipientsIsOff() throws Exception {
        String number = f.acmeTicket();
        RecordHistory noAutoAdd = f.init(new RecordHistory(f.store, f.held, f.directories, Fixtures.GATEWAY, org.ticketmail.store.StatusMap.defaults()), "autoAddRecipients", "false");

        noAutoAdd.service(onTicket(number, MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .addCcRecipient("boss@acme.test").setSubject("Ticket [" + number + "]").setText("x"), SenderKind.CUSTOMER, "acme"));

        assertThat(f.store.recipients(number)).containsExactly(DANA, ALICE, BOB, CAROL);
    }

    @Test
    void serviceShouldReopenClosedTicketWhenCustomerReplies() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);

        record(onTicket(number, message("dana@acme.test", "Ticket [" + number + "] again"), SenderKind.CUSTOMER, "acme"));

        assertThat(f.store.ticket(number).orElseThrow().status()).isEqualTo(TicketStatus.REOPENED);
    }

    @Test
    void serviceShouldNoteReopeningWhenCustomerReopensTicket() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);

        record(onTicket(number, message("dana@acme.test", "Ticket [" + number + "] again"), SenderKind.CUSTOMER, "acme"));

        assertThat(lastEntry(number).note()).isEqualTo("the ticket was closed and is reopened by this customer reply");
    }

    @Test
    void serviceShouldPutTicketInInboxWhenCustomerReplies() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.REOPENED, false);

        record(onTicket(number, message("dana@acme.test", "Ticket [" + number + "] more"), SenderKind.CUSTOMER, "acme"));

        Ticket t = f.store.ticket(number).orElseThrow();
        assertThat(t.inInbox()).isTrue();
        assertThat(t.status()).isEqualTo(TicketStatus.REOPENED);
    }

    @Test
    void serviceShouldLeaveTicketStateAloneWhenEmployeeWrites() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);

        record(onTicket(number, message("alice@helpdesk.test", "Ticket [" + number + "] final words"), SenderKind.EMPLOYEE, "alice"));

        Ticket t = f.store.ticket(number).orElseThrow();
        assertThat(t.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(t.inInbox()).isFalse();
    }

    @Test
    void serviceShouldRecordInternalMailAsNotPublicWithKeywordAsWhy() throws Exception {
        String number = f.acmeTicket();
        FakeMail mail = onTicket(number, message("alice@helpdesk.test", "*123* Ticket [" + number + "]"), SenderKind.EMPLOYEE, "alice");
        TicketAttributes.set(mail, TicketAttributes.INTERNAL, "keyword");

        record(mail);

        HistoryEntry h = lastEntry(number);
        assertThat(h.isPublic()).isFalse();
        assertThat(h.note()).isEqualTo("internal (subject keyword)");
    }

    @Test
    void serviceShouldRecordInternalMailAsNotPublicWithCcBccAsWhy() throws Exception {
        String number = f.acmeTicket();
        FakeMail mail = onTicket(number, MimeMessageBuilder.mimeMessageBuilder().addFrom("alice@helpdesk.test").addToRecipient("bob@helpdesk.test")
                .addCcRecipient(SUPPORT).setSubject("Ticket [" + number + "]").setText("x"), SenderKind.EMPLOYEE, "alice");
        TicketAttributes.set(mail, TicketAttributes.INTERNAL, "cc-bcc");

        record(mail);

        HistoryEntry h = lastEntry(number);
        assertThat(h.isPublic()).isFalse();
        assertThat(h.note()).isEqualTo("internal (support address only in Cc/Bcc)");
    }

    @Test
    void serviceShouldListAttachmentsWithNameAndSize() throws Exception {
        FakeMail mail = record(prepared(MimeMessageBuilder.mimeMessageBuilder().addFrom("dana@acme.test").addToRecipient(SUPPORT)
                .setSubject("with file").setMultipartWithBodyParts(
                        MimeMessageBuilder.bodyPartBuilder().data("See attached."),
                        MimeMessageBuilder.bodyPartBuilder().data(new byte[1234]).type("application/pdf").filename("report.pdf")
                                .disposition("attachment")), SenderKind.CUSTOMER, "acme"));

        HistoryEntry h = f.store.history(ticketOf(mail)).get(0);
        assertThat(f.store.attachments(h.id())).containsExactly(new Attachment("report.pdf", 1234));
    }

    @Test
    void serviceShouldRecordWhatTheEarlierStepsOfTheTicketProcessorSet() throws Exception {
        // The one test of the steps together: what IdentifySender, IdentifyTicket, ClassifyMail and StripQuotedText set is what
        // RecordHistory reads.
        String number = f.acmeTicket();
        FakeMail mail = mail(message("Dana Customer <dana@acme.test>", "Re: Ticket [" + number + "]")
                .setText("Works now, thanks!\n\nOn Tue, Nov 3, 2026 at 9:12 AM Support <support@helpdesk.test> wrote:\n> Restart it.\n"));
        f.init(new IdentifySender(f.directories, Fixtures.GATEWAY, TrustPolicy.defaults(), Fixtures.NO_DKIM_KEYS)).service(mail);
        f.init(new IdentifyTicket(f.store, f.messageIds, f.directories, Fixtures.GATEWAY)).service(mail);
        f.init(new ClassifyMail(Fixtures.GATEWAY)).service(mail);
        f.init(new StripQuotedText()).service(mail);

        mailet.service(mail);

        HistoryEntry h = lastEntry(number);
        assertThat(h).isEqualTo(new HistoryEntry(h.id(), number, CLOCK.instant(), Direction.IN, true, "Dana Customer <dana@acme.test>",
                "Re: Ticket [" + number + "]", "Works now, thanks!", null, mail.getMessage().getMessageID(), "subject"));
    }

    @Test
    void serviceShouldRefuseMailWithoutDirectoryGeneration() throws Exception {
        FakeMail bare = mail(message("dana@acme.test", "x"));

        assertThatThrownBy(() -> mailet.service(bare)).hasMessage("RecordHistory needs the mail attribute ticketmail.directory, which"
                + " IdentifySender sets; put IdentifySender before RecordHistory in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void serviceShouldRefuseMailWithoutStrippedText() throws Exception {
        FakeMail unstripped = Fixtures.from(mail(message("dana@acme.test", "x")), SenderKind.CUSTOMER, "acme");

        assertThatThrownBy(() -> mailet.service(unstripped)).hasMessage("RecordHistory needs the mail attribute ticketmail.text, which"
                + " StripQuotedText sets; put StripQuotedText before RecordHistory in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void initShouldRefuseAutoAddRecipientsThatIsNoBoolean() {
        assertThatThrownBy(() -> f.init(new RecordHistory(f.store, f.held, f.directories, Fixtures.GATEWAY, org.ticketmail.store.StatusMap.defaults()), "autoAddRecipients", "maybe"))
                .hasMessage("mailetcontainer.xml: RecordHistory autoAddRecipients 'maybe' is not true or false");
    }

    /** Dana's rating of closed ticket {@code number}, as ReadRating and IdentifySender leave it. */
    private static FakeMail rating(String number, String value, String messageId) throws Exception {
        RatingTokens tokens = new RatingTokens(new byte[32]);
        FakeMail mail = onTicket(number, message("Dana Customer <dana@acme.test>", tokens.subject(value, "Ticket [" + number + "]", number))
                .addHeader("Message-ID", messageId), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(mail, TicketAttributes.RATING, value);
        return mail;
    }

    @Test
    void serviceShouldRecordRatingWithTheMailsTextAsCommentWhenCustomerRatesClosedTicket() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);

        record(rating(number, "good", "<rate-1@acme.test>"));

        Ticket t = f.store.ticket(number).orElseThrow();
        assertThat(t.rating()).isEqualTo("good");
        assertThat(t.ratingComment()).isEqualTo(TEXT);
    }

    @Test
    void serviceShouldAddNoRecipientFromARatingReply() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);
        RatingTokens tokens = new RatingTokens(new byte[32]);
        FakeMail mail = onTicket(number, message("Dana Customer <dana@acme.test>", tokens.subject("good", "Ticket [" + number + "]", number))
                .addCcRecipient("forwarded@elsewhere.test"), SenderKind.CUSTOMER, "acme");
        TicketAttributes.set(mail, TicketAttributes.RATING, "good");

        record(mail);

        assertThat(f.store.recipients(number)).extracting(org.ticketmail.store.Recipient::address).doesNotContain("forwarded@elsewhere.test");
    }

    @Test
    void serviceShouldLeaveRatedTicketClosedAndOutOfTheInbox() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);

        FakeMail mail = record(rating(number, "bad", "<rate-1@acme.test>"));

        Ticket t = f.store.ticket(number).orElseThrow();
        assertThat(t.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(t.inInbox()).isFalse();
        assertThat(TicketAttributes.string(mail, TicketAttributes.STATUS_CHANGE)).isEmpty();
    }

    @Test
    void serviceShouldRecordRatingMailAsIncomingEntryNotingTheRating() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);

        record(rating(number, "good", "<rate-1@acme.test>"));

        HistoryEntry h = lastEntry(number);
        assertThat(h.direction()).isEqualTo(Direction.IN);
        assertThat(h.text()).isEqualTo(TEXT);
        assertThat(h.note()).isEqualTo("rates the closure good");
    }

    @Test
    void serviceShouldSetFirstRatingWhenClosedTicketIsRatedTheFirstTime() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);

        FakeMail mail = record(rating(number, "good", "<rate-1@acme.test>"));

        assertThat(TicketAttributes.flag(mail, TicketAttributes.FIRST_RATING)).isTrue();
    }

    @Test
    void serviceShouldChangeRatingButNotSetFirstRatingWhenTicketIsRatedAgain() throws Exception {
        String number = f.acmeTicket();
        f.store.setState(number, TicketStatus.CLOSED, false);
        record(rating(number, "good", "<rate-1@acme.test>"));

        FakeMail second = record(rating(number, "bad", "<rate-2@acme.test>"));

        assertThat(f.store.ticket(number).orElseThrow().rating()).isEqualTo("bad");
        assertThat(TicketAttributes.flag(second, TicketAttributes.FIRST_RATING)).isFalse();
    }
}
