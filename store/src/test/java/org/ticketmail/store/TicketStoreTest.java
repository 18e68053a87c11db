package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Database database;
    TicketCounter counter;
    TicketStore store;

    @BeforeEach
    void open() {
        database = Database.openDerby(dir.resolve("derby"));
        counter = new TicketCounter(database, CLOCK, 1000);
        store = new TicketStore(database, CLOCK, counter);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Intake newTicket(String messageId) {
        return Intake.opening(Intake.NewTicket.of("Printer broken", "acme", "dana@acme.test", "alice"), messageId, entry(messageId))
                .withRecipients(List.of(Recipient.external("Dana@Acme.test", RecipientKind.TO), Recipient.employee("alice", "alice@helpdesk.test")))
                .withInbox(Intake.Inbox.PUT_IN);
    }

    private static NewHistoryEntry entry(String messageId) {
        return new NewHistoryEntry(Direction.IN, true, "Dana <dana@acme.test>", "Printer broken", "It is broken.", null,
                messageId, "raw".getBytes(StandardCharsets.US_ASCII), List.of(new Attachment("photo.jpg", 1234)));
    }

    @Test
    void recordShouldOpenTicketNumberedByMonthAndCounter() {
        Recorded recorded = store.record(newTicket("<m1@acme.test>"));

        assertThat(recorded.opened()).isTrue();
        assertThat(recorded.ticket().number()).isEqualTo("2611-1000");
        assertThat(recorded.ticket().status()).isEqualTo(TicketStatus.NEW);
        assertThat(recorded.ticket().inInbox()).isTrue();
        assertThat(store.recipients("2611-1000")).containsExactly(
                Recipient.external("dana@acme.test", RecipientKind.TO), Recipient.employee("alice", "alice@helpdesk.test"));
        HistoryEntry h = store.history("2611-1000").get(0);
        assertThat(h.text()).isEqualTo("It is broken.");
        assertThat(h.direction()).isEqualTo(Direction.IN);
        assertThat(h.at()).isEqualTo(CLOCK.instant());
        assertThat(store.attachments(h.id())).containsExactly(new Attachment("photo.jpg", 1234));
        assertThat(store.original(h.id())).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("raw"));
    }

    @Test
    void recordShouldWriteNothingWhenMessageKeyWasRecordedBefore() {
        store.record(newTicket("<m1@acme.test>"));
        Recorded again = store.record(newTicket("<m1@acme.test>"));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.ticket().number()).isEqualTo("2611-1000");
        assertThat(store.countTickets()).isEqualTo(1);
        assertThat(store.history("2611-1000")).hasSize(1);
    }

    @Test
    void recordShouldAddOnlyRecipientsNotThereBefore() {
        store.record(newTicket("<m1@acme.test>"));
        Recorded reply = store.record(Intake.onTicket("2611-1000", "<m2@acme.test>", entry("<m2@acme.test>"))
                .withRecipients(List.of(Recipient.external("dana@acme.test", RecipientKind.CC), Recipient.external("erin@acme.test", RecipientKind.CC)))
                .withStatus(TicketStatus.REOPENED));

        assertThat(reply.added()).containsExactly(Recipient.external("erin@acme.test", RecipientKind.CC));
        assertThat(reply.ticket().status()).isEqualTo(TicketStatus.REOPENED);
        assertThat(new MessageIds(database, CLOCK).ticketFor("<m2@acme.test>")).contains("2611-1000");
    }

    @Test
    void concurrentNewTicketsShouldEachGetTheirOwnNumber() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Recorded>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String id = "<concurrent-" + i + "@acme.test>";
                results.add(pool.submit(() -> store.record(newTicket(id))));
            }
            java.util.Set<String> numbers = new java.util.HashSet<>();
            for (java.util.concurrent.Future<Recorded> r : results) {
                numbers.add(r.get().ticket().number());
            }
            assertThat(numbers).hasSize(80);
            assertThat(store.countTickets()).isEqualTo(80);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCommandsOnOneTicketShouldAllCount() throws Exception {
        String number = store.record(newTicket("<m0@acme.test>")).ticket().number();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Recorded>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String id = "<time-" + i + "@helpdesk.test>";
                results.add(pool.submit(() -> store.record(Intake.onTicket(number, id, entry(id)).withCommands(new Commands("alice", false,
                        StatusMap.defaults(), List.of(new Commands.Requested("#time 1m", new TicketChange.WorkUnit(1, null))))))));
            }
            for (java.util.concurrent.Future<Recorded> r : results) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.ticket(number).orElseThrow().timeUsedMinutes()).isEqualTo(80);
    }

    @Test
    void incrementShouldMoveCounterForwardOnly() {
        counter.incrementTo(10000);
        assertThat(store.record(newTicket("<m1@acme.test>")).ticket().number()).isEqualTo("2611-10000");

        assertThatThrownBy(() -> counter.incrementTo(5000))
                .hasMessage("the ticket counter only moves forward: the next ticket already takes 10001, so give a number above it, not 5000");
    }

    @Test
    void storeShouldKeepTicketsAcrossReopen() {
        store.record(newTicket("<m1@acme.test>"));
        database.close();
        database = Database.openDerby(dir.resolve("derby"));
        counter = new TicketCounter(database, CLOCK, 1000);
        store = new TicketStore(database, CLOCK, counter);

        assertThat(store.ticket("2611-1000")).isPresent();
        assertThat(counter.next()).isEqualTo(1001);
        assertThat(database.schemaVersion()).isEqualTo(Database.migrations(ZoneOffset.UTC).size());
    }

    @Test
    void holdShouldKeepMailWithReason() {
        HeldMails held = new HeldMails(database, CLOCK);
        long id = held.hold("auto-reply (Auto-Submitted: auto-replied)", "bot@x.test", "support@helpdesk.test", "Out of office",
                "raw".getBytes(StandardCharsets.US_ASCII));

        assertThat(held.newest(10)).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo(id);
            assertThat(h.reason()).isEqualTo("auto-reply (Auto-Submitted: auto-replied)");
        });
        assertThat(held.message(id)).isPresent();
    }

    @Test
    void heldSpamShouldBeListedByItsReasonAndDeletedAfterItsRetentionOnly() {
        HeldMails old = new HeldMails(database, Clock.offset(CLOCK, java.time.Duration.ofDays(-31)));
        HeldMails now = new HeldMails(database, CLOCK);
        long oldSpam = old.hold("spam: score 1000.0; rules GTUBE; SpamAssassin", "x@spam.test", "support@helpdesk.test", "Win", new byte[1]);
        long oldBounce = old.hold("delivery failure report", "<>", "support@helpdesk.test", "Undelivered", new byte[1]);
        long newSpam = now.hold("spam: score 9.0; rules none; upstream", "y@spam.test", "support@helpdesk.test", "Cheap", new byte[1]);

        assertThat(now.beforeWithReason("spam:", Long.MAX_VALUE, 10)).extracting(HeldMail::id).containsExactly(newSpam, oldSpam);
        assertThat(now.beforeWithReason("spam:", newSpam, 10)).extracting(HeldMail::id).containsExactly(oldSpam);
        assertThat(now.countWithReason("spam:")).isEqualTo(2);

        assertThat(now.deleteOlder("spam:", CLOCK.instant().minus(java.time.Duration.ofDays(30)))).isEqualTo(1);

        assertThat(now.newest(10)).extracting(HeldMail::id).containsExactly(newSpam, oldBounce);
    }

    @Test
    void aTicketOpenedBySuspectMailShouldBeMarkedInTheSameTransaction() {
        Recorded r = store.record(Intake.opening(Intake.NewTicket.of("Cheap toner", null, null, null).suspected("score 4.0"),
                "<s1@x.test>", entry("<s1@x.test>")));
        store.record(newTicket("<m1@acme.test>"));

        assertThat(store.suspect(r.ticket().number())).contains("score 4.0");
        assertThat(store.suspect("2611-1001")).isEmpty();
        assertThat(store.newestSuspect(10)).singleElement().satisfies(t -> {
            assertThat(t.number()).isEqualTo(r.ticket().number());
            assertThat(t.why()).isEqualTo("score 4.0");
            assertThat(t.subject()).isEqualTo("Cheap toner");
        });
    }

    @Test
    void updatedSinceShouldListTicketsChangedAtOrAfter() {
        store.record(newTicket("<m1@acme.test>"));

        assertThat(store.updatedSince(CLOCK.instant().minusSeconds(1))).extracting(TicketSummary::number).containsExactly("2611-1000");
        assertThat(store.updatedSince(CLOCK.instant().plusSeconds(1))).isEmpty();
    }
}
