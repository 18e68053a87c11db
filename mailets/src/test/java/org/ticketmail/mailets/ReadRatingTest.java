package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ticketmail.mailets.Fixtures.mail;
import static org.ticketmail.mailets.Fixtures.message;

import java.util.List;

import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ticketmail.store.Commands;
import org.ticketmail.store.Direction;
import org.ticketmail.store.Intake;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.StatusMap;
import org.ticketmail.store.TicketChange;
import org.ticketmail.store.TicketStatus;

class ReadRatingTest {
    static final RatingTokens TOKENS = new RatingTokens(new byte[32]);

    Fixtures f;
    String number;
    ReadRating mailet;

    @BeforeEach
    void setUp() throws Exception {
        f = new Fixtures();
        number = f.acmeTicket();
        mailet = f.init(new ReadRating(f.store, Fixtures.GATEWAY, TOKENS));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private String tag() {
        return Fixtures.GATEWAY.tag().format(number);
    }

    /** Dana's mail with {@code subject}, as IdentifySender leaves it. */
    private FakeMail fromDana(String subject) throws Exception {
        return Fixtures.from(mail(message("Dana Customer <dana@acme.test>", subject)), SenderKind.CUSTOMER, "acme");
    }

    private FakeMail read(FakeMail mail) throws Exception {
        mailet.service(mail);
        return mail;
    }

    private FakeMail read(String subject) throws Exception {
        return read(fromDana(subject));
    }

    private void close() {
        f.store.setState(number, TicketStatus.CLOSED, false);
    }

    /** Closes and locks the ticket as alice's "#close" and "#lock" would. */
    private void closeAndLock() {
        f.store.record(Intake.onTicket(number, "<lock-" + System.nanoTime() + "@helpdesk.test>",
                new NewHistoryEntry(Direction.OUT, false, "alice@helpdesk.test", "Ticket [" + number + "]", "", null, null, null, List.of()))
                .withCommands(new Commands("alice", false, StatusMap.defaults(), List.of(
                        new Commands.Requested("#close solved", new TicketChange.Close("solved", null)),
                        new Commands.Requested("#lock", new TicketChange.Lock(true))))));
    }

    private static boolean nothingSet(FakeMail mail) {
        return TicketAttributes.string(mail, TicketAttributes.TICKET).isEmpty() && TicketAttributes.string(mail, TicketAttributes.RATING).isEmpty();
    }

    @Test
    void serviceShouldSetTicketAndRatingWhenClosedTicketIsRatedWithItsCode() throws Exception {
        close();

        FakeMail mail = read(TOKENS.subject("good", tag(), number));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
        assertThat(TicketAttributes.string(mail, TicketAttributes.RATING)).contains("good");
    }

    @Test
    void serviceShouldReadBadRating() throws Exception {
        close();

        FakeMail mail = read(TOKENS.subject("bad", tag(), number));

        assertThat(TicketAttributes.string(mail, TicketAttributes.RATING)).contains("bad");
    }

    @Test
    void serviceShouldReadRatingFromReplySubject() throws Exception {
        close();

        FakeMail mail = read("Re: " + TOKENS.subject("good", tag(), number));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
        assertThat(TicketAttributes.string(mail, TicketAttributes.RATING)).contains("good");
    }

    @Test
    void serviceShouldReadRatingWrittenInAnotherCase() throws Exception {
        close();

        FakeMail mail = read("rating: GOOD ticket [" + number + "] CODE " + TOKENS.code(number));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
        assertThat(TicketAttributes.string(mail, TicketAttributes.RATING)).contains("good");
    }

    @Test
    void serviceShouldReadRatingOfLockedClosedTicket() throws Exception {
        closeAndLock();
        assertThat(f.store.ticket(number).orElseThrow().locked()).isTrue();

        FakeMail mail = read(TOKENS.subject("good", tag(), number));

        assertThat(TicketAttributes.string(mail, TicketAttributes.TICKET)).contains(number);
        assertThat(TicketAttributes.string(mail, TicketAttributes.RATING)).contains("good");
    }

    @Test
    void serviceShouldSetNothingWhenCodeIsAnotherTickets() throws Exception {
        close();

        assertThat(nothingSet(read("Rating: good " + tag() + " code " + TOKENS.code("2611-9999")))).isTrue();
    }

    @Test
    void serviceShouldSetNothingWhenCodeIsSignedWithAnotherKey() throws Exception {
        close();
        byte[] other = new byte[32];
        other[0] = 1;

        assertThat(nothingSet(read(new RatingTokens(other).subject("good", tag(), number)))).isTrue();
    }

    @Test
    void serviceShouldSetNothingWhenTicketIsNotClosed() throws Exception {
        assertThat(nothingSet(read(TOKENS.subject("good", tag(), number)))).isTrue();
    }

    @Test
    void serviceShouldSetNothingWhenTicketWasReopened() throws Exception {
        f.store.setState(number, TicketStatus.REOPENED, true);

        assertThat(nothingSet(read(TOKENS.subject("bad", tag(), number)))).isTrue();
    }

    @Test
    void serviceShouldSetNothingWhenTicketDoesNotExist() throws Exception {
        String unknown = "2611-9999";

        assertThat(nothingSet(read(TOKENS.subject("good", Fixtures.GATEWAY.tag().format(unknown), unknown)))).isTrue();
    }

    @Test
    void serviceShouldSetNothingWhenSubjectCarriesNoRating() throws Exception {
        close();

        assertThat(nothingSet(read("Re: Closed: Printer broken " + tag()))).isTrue();
    }

    @Test
    void serviceShouldSetNothingWhenSubjectCarriesNoTicketTag() throws Exception {
        close();

        assertThat(nothingSet(read("Rating: good code " + TOKENS.code(number)))).isTrue();
    }

    @Test
    void serviceShouldRefuseMailWithoutSenderKind() throws Exception {
        FakeMail bare = mail(message("dana@acme.test", TOKENS.subject("good", tag(), number)));

        assertThatThrownBy(() -> mailet.service(bare)).hasMessage("ReadRating needs the mail attribute ticketmail.senderKind, which"
                + " IdentifySender sets; put IdentifySender before ReadRating in the ticket processor of mailetcontainer.xml");
    }

    @Test
    void initShouldRefuseAnyParameter() {
        assertThatThrownBy(() -> f.init(new ReadRating(f.store, Fixtures.GATEWAY, TOKENS), "key", "secret"))
                .hasMessage("mailetcontainer.xml: ReadRating has no parameter 'key'; it takes none");
    }
}
