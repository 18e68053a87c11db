package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ticketmail.store.sla.Breach;
import org.ticketmail.store.sla.Timeline;

class SlaLedgerTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @TempDir
    Path dir;
    Database database;
    TicketStore store;
    SlaLedger ledger;

    @BeforeEach
    void open() {
        database = Database.openDerby(dir.resolve("derby"));
        store = new TicketStore(database, clock, new TicketCounter(database, clock, 1000));
        ledger = new SlaLedger(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static NewHistoryEntry entry(Direction direction, boolean isPublic, String sender, String id) {
        return new NewHistoryEntry(direction, isPublic, sender, "Printer", "text", null, id, null, List.of());
    }

    private String openTicket() {
        return store.record(Intake.opening(Intake.NewTicket.of("Printer", "acme", "dana@acme.test", "alice"), "<m1@acme.test>",
                entry(Direction.IN, true, "Dana <dana@acme.test>", "<m1@acme.test>"))).ticket().number();
    }

    private void later(int hours) {
        now.updateAndGet(t -> t.plus(Duration.ofHours(hours)));
    }

    @Test
    void timelinesShouldSortEntriesIntoCustomerMailsAnswersAndNotesLeavingTheGatewaysOwnOut() {
        String number = openTicket();
        later(1);
        store.addEntry(number, entry(Direction.OUT, true, "Support <support@helpdesk.test>", "<ack@helpdesk.test>"), List.of());
        later(1);
        store.record(Intake.onTicket(number, "<m2@helpdesk.test>", entry(Direction.OUT, false, "Alice <alice@helpdesk.test>", "<m2@helpdesk.test>")));
        later(1);
        store.record(Intake.onTicket(number, "<m3@helpdesk.test>", entry(Direction.OUT, true, "Alice <alice@helpdesk.test>", "<m3@helpdesk.test>"))
                .withStatus(TicketStatus.PENDING_THIRD_PARTY));

        List<SlaLedger.Timed> timed = ledger.timelines(SlaLedger.Scope.open(), s -> s.contains("support@helpdesk.test"));

        assertThat(timed).hasSize(1);
        Timeline t = timed.get(0).timeline();
        assertThat(t.created()).isEqualTo(T0);
        assertThat(t.customerMails()).containsExactly(T0);
        assertThat(t.answers()).containsExactly(T0.plus(Duration.ofHours(3)));
        assertThat(t.work()).containsExactly(T0, T0, T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3)), T0.plus(Duration.ofHours(3)));
        assertThat(t.statuses()).containsExactly(new Timeline.StatusAt(T0, TicketStatus.NEW),
                new Timeline.StatusAt(T0.plus(Duration.ofHours(3)), TicketStatus.PENDING_THIRD_PARTY));
        assertThat(timed.get(0).accountId()).isEqualTo("acme");
        assertThat(timed.get(0).managerId()).isEqualTo("alice");
    }

    @Test
    void aStatusSetWithoutAChangeShouldHoldFromTheTicketsLastUpdate() {
        String number = openTicket();
        later(2);
        store.setState(number, TicketStatus.CLOSED, false);

        Timeline t = ledger.timelines(SlaLedger.Scope.ticket(number), s -> false).get(0).timeline();

        assertThat(t.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(t.statusAt(T0.plus(Duration.ofHours(1)))).isEqualTo(TicketStatus.NEW);
        assertThat(ledger.timelines(SlaLedger.Scope.open(), s -> false)).isEmpty();
    }

    @Test
    void noticeShouldWriteTheWarningAndItsEntryOnceAndSentShouldMarkIt() {
        String number = openTicket();
        Breach breach = new Breach(number, Breach.Kind.RESPONSE, T0.plus(Duration.ofHours(4)), Optional.empty(), Duration.ofHours(4), T0);
        NewHistoryEntry warning = entry(Direction.OUT, false, "Support <support@helpdesk.test>", "<w1@helpdesk.test>");

        Optional<SlaWarning> first = ledger.notice(breach, List.of("alice@helpdesk.test", "lead@helpdesk.test"), warning,
                List.of("<w1@helpdesk.test>"));
        Optional<SlaWarning> again = ledger.notice(breach, List.of("alice@helpdesk.test"), warning, List.of());

        assertThat(first).isPresent();
        assertThat(again).isEmpty();
        assertThat(store.history(number)).hasSize(2);
        assertThat(first.get().historyId()).isEqualTo(store.history(number).get(1).id());
        assertThat(new MessageIds(database, clock).ticketFor("<w1@helpdesk.test>")).contains(number);
        assertThat(ledger.unsent()).extracting(SlaWarning::recipients).containsExactly("alice@helpdesk.test, lead@helpdesk.test");

        ledger.sent(first.get());

        assertThat(ledger.unsent()).isEmpty();
        assertThat(ledger.warnings(number)).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo("response");
            assertThat(w.clockStart()).isEqualTo(T0);
            assertThat(w.sentAt()).isEqualTo(T0);
        });
        assertThat(ledger.openTicketWarnings()).hasSize(1);
    }

    @Test
    void ticketCountsOfAContactShouldCountOpenTicketsAndThoseOpenedSinceAnInstant() {
        String number = openTicket();
        assertThat(store.openTicketsOf("Dana@Acme.test")).isEqualTo(1);
        assertThat(store.ticketsOpenedSince("dana@acme.test", T0)).isEqualTo(1);
        assertThat(store.ticketsOpenedSince("dana@acme.test", T0.plusSeconds(1))).isZero();
        store.setState(number, TicketStatus.CLOSED, false);
        assertThat(store.openTicketsOf("dana@acme.test")).isZero();
        assertThat(store.openTicketsOf("ed@acme.test")).isZero();
    }

    private static Commands autoClose(StatusMap map) {
        return new Commands("auto-close", true, map, List.of(new Commands.Requested("(automatic closing)", new TicketChange.Close("expired", null))));
    }

    @Test
    void closeIdleShouldCloseAnUnchangedTicketAsTheActorWithTheEntry() {
        String number = openTicket();
        store.setState(number, TicketStatus.PENDING_CLOSE, false);
        later(3);
        assertThat(store.idleWithStatus(TicketStatus.PENDING_CLOSE, now.get().minus(Duration.ofHours(2)), 10)).containsExactly(number);

        Optional<Ticket> closed = store.closeIdle(number, TicketStatus.PENDING_CLOSE, now.get().minus(Duration.ofHours(2)),
                autoClose(StatusMap.defaults()), entry(Direction.OUT, false, "Support <support@helpdesk.test>", null));

        assertThat(closed).hasValueSatisfying(t -> {
            assertThat(t.status()).isEqualTo(TicketStatus.CLOSED);
            assertThat(t.resolution()).isEqualTo("expired");
        });
        assertThat(store.changes(number)).extracting(Change::actor, Change::field).contains(
                org.assertj.core.groups.Tuple.tuple("auto-close", "status"), org.assertj.core.groups.Tuple.tuple("auto-close", "resolution"));
        assertThat(store.closedWithoutEntry("auto-close", T0, "automatic closure alert")).containsExactly(number);
        store.addEntry(number, new NewHistoryEntry(Direction.OUT, true, "Support", "Closed", "text", "automatic closure alert", null, null,
                List.of()), List.of());
        assertThat(store.closedWithoutEntry("auto-close", T0, "automatic closure alert")).isEmpty();
    }

    @Test
    void closeIdleShouldLeaveATicketThatChangedSince() {
        String number = openTicket();
        store.setState(number, TicketStatus.PENDING_CLOSE, false);
        Instant cutoff = now.get().minus(Duration.ofMinutes(1));
        assertThat(store.closeIdle(number, TicketStatus.PENDING_CLOSE, cutoff, autoClose(StatusMap.defaults()),
                entry(Direction.OUT, false, "Support", null))).isEmpty();
        assertThat(store.ticket(number).orElseThrow().status()).isEqualTo(TicketStatus.PENDING_CLOSE);
    }

    @Test
    void closeIdleShouldBeRefusedWhenTheStatusMapForbidsClosing() {
        String number = openTicket();
        store.setState(number, TicketStatus.PENDING_CLOSE, false);
        later(3);
        StatusMap strict = StatusMap.parse("transitions:\n  pending-close: [assigned]\nresolutions: [expired]\n", "conf/statuses.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.closeIdle(number, TicketStatus.PENDING_CLOSE, now.get(),
                autoClose(strict), entry(Direction.OUT, false, "Support", null))).isInstanceOf(CommandsRefused.class);
        assertThat(store.ticket(number).orElseThrow().status()).isEqualTo(TicketStatus.PENDING_CLOSE);
        assertThat(store.history(number)).hasSize(1);
    }

    @Test
    void workUnitsShouldBeTheMinutesEachTimeCommandAdded() {
        String number = openTicket();
        later(1);
        store.record(Intake.onTicket(number, "<t1@helpdesk.test>", entry(Direction.OUT, false, "Alice <alice@helpdesk.test>", "<t1@helpdesk.test>"))
                .withCommands(new Commands("alice", false, StatusMap.defaults(), List.of(
                        new Commands.Requested("#time 30m", new TicketChange.WorkUnit(30, null)),
                        new Commands.Requested("#time 1h15m fixed it", new TicketChange.WorkUnit(75, "fixed it"))))));

        assertThat(ledger.workUnits("alice", null, T0)).extracting(SlaLedger.WorkUnit::minutes).containsExactly(30, 75);
        assertThat(ledger.workUnits(null, "acme", T0)).extracting(SlaLedger.WorkUnit::employeeId).containsOnly("alice");
        assertThat(ledger.workUnits("bob", null, T0)).isEmpty();
        assertThat(ledger.workUnits(null, null, now.get().plusSeconds(1))).isEmpty();
    }

    @Test
    void ticketListsShouldBePaddedToAFewLengthsWithoutChangingWhatTheySelect() {
        assertThat(SlaLedger.padded(List.of("a"))).containsExactly("a");
        assertThat(SlaLedger.padded(List.of("a", "b"))).containsExactly("a", "b", "b", "b");
        assertThat(SlaLedger.padded(List.of("a", "b", "c", "d", "e"))).hasSize(16).containsOnly("a", "b", "c", "d", "e");
        assertThat(SlaLedger.padded(List.of())).isEmpty();
    }

    @Test
    void scopesShouldSelectByAccountManagerAndRecentUpdate() {
        String number = openTicket();
        assertThat(ledger.timelines(SlaLedger.Scope.account("acme", T0), s -> false)).extracting(SlaLedger.Timed::number).containsExactly(number);
        assertThat(ledger.timelines(SlaLedger.Scope.account("globex", T0), s -> false)).isEmpty();
        assertThat(ledger.timelines(SlaLedger.Scope.manager("alice", T0), s -> false)).hasSize(1);
        store.setState(number, TicketStatus.CLOSED, false);
        later(48);
        assertThat(ledger.timelines(SlaLedger.Scope.since(now.get().minus(Duration.ofHours(24))), s -> false)).isEmpty();
        assertThat(ledger.timelines(SlaLedger.Scope.tickets(List.of(number, "2612-9999")), s -> false)).hasSize(1);
    }
}
