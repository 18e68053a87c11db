package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;

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

class CalendarLedgerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T10:00:00Z"), ZoneOffset.UTC);
    private static final Schedule SLOT = new Schedule("alice", Instant.parse("2026-12-01T13:00:00Z"),
            Instant.parse("2026-12-01T14:30:00Z"), "Tue 2026-12-01 14:00–15:30 (Europe/Berlin)");

    @TempDir
    Path dir;
    Database database;
    TicketStore store;
    CalendarLedger ledger;
    String number;

    @BeforeEach
    void open() {
        database = Database.openDerby(dir.resolve("derby"));
        store = new TicketStore(database, CLOCK, new TicketCounter(database, CLOCK, 1000));
        ledger = new CalendarLedger(database, CLOCK);
        number = store.record(Intake.opening(Intake.NewTicket.of("Printer broken", "acme", "dana@acme.test", "alice"), "<m1@acme.test>",
                entry("<m1@acme.test>", "It is broken."))).ticket().number();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static NewHistoryEntry entry(String messageId, String text) {
        return new NewHistoryEntry(Direction.OUT, true, "Alice <alice@helpdesk.test>", "Printer broken", text, null, messageId,
                "raw".getBytes(StandardCharsets.US_ASCII), List.of());
    }

    private Recorded schedule(String messageId, TicketChange change) {
        return store.record(Intake.onTicket(number, messageId, entry(messageId, ""))
                .withCommands(new Commands("alice", false, StatusMap.defaults(), List.of(new Commands.Requested("#schedule", change)))));
    }

    @Test
    void recordShouldKeepTheScheduleAndQueueTheCalendarInTheSameTransaction() {
        schedule("<m2@helpdesk.test>", new TicketChange.ScheduleAt(SLOT));

        assertThat(ledger.schedule(number)).contains(SLOT);
        assertThat(ledger.jobs(10)).extracting(CalendarJob::ticketNumber).containsExactly(number);
        assertThat(store.ticket(number).orElseThrow().status()).isEqualTo(TicketStatus.ASSIGNED);
    }

    @Test
    void finishShouldKeepAJobQueuedAgainMeanwhile() {
        schedule("<m2@helpdesk.test>", new TicketChange.ScheduleAt(SLOT));
        CalendarJob taken = ledger.dueJobs(10).get(0);
        schedule("<m3@helpdesk.test>", new TicketChange.Unschedule());

        assertThat(ledger.finish(taken)).isFalse();
        assertThat(ledger.backlog()).isEqualTo(1);
        assertThat(ledger.finish(ledger.dueJobs(10).get(0))).isTrue();
        assertThat(ledger.backlog()).isZero();
    }

    @Test
    void failShouldPostponeTheJobWithItsReason() {
        schedule("<m2@helpdesk.test>", new TicketChange.ScheduleAt(SLOT));
        CalendarJob taken = ledger.dueJobs(10).get(0);

        ledger.fail(taken, "calendar answered 503", CLOCK.instant().plusSeconds(30));

        assertThat(ledger.dueJobs(10)).isEmpty();
        assertThat(ledger.jobs(10)).singleElement().satisfies(j -> {
            assertThat(j.attempts()).isEqualTo(1);
            assertThat(j.lastError()).isEqualTo("calendar answered 503");
            assertThat(j.dueAt()).isEqualTo(CLOCK.instant().plusSeconds(30));
        });
    }

    @Test
    void applyFromCalendarShouldReassignRescheduleAndWriteHistory() {
        schedule("<m2@helpdesk.test>", new TicketChange.ScheduleAt(SLOT));
        Schedule moved = new Schedule("bob", SLOT.start().plusSeconds(3600), SLOT.end().plusSeconds(3600),
                "Tue 2026-12-01 15:00–16:30 (Europe/Berlin)");
        CalendarEventRecord event = new CalendarEventRecord(number, "bob", "GOOGLE", "bob@helpdesk.test", "tm1", 0, moved.start(),
                moved.end(), "d", true, CLOCK.instant());

        List<Change> changes = ledger.applyFromCalendar(number, new CalendarLedger.CalendarSide(SLOT, moved, event,
                "calendar bob@helpdesk.test", "Calendar: event moved", "moved on bob's calendar", false)).orElseThrow();

        assertThat(changes).extracting(Change::field).containsExactly("manager", "schedule");
        assertThat(store.ticket(number).orElseThrow().managerId()).isEqualTo("bob");
        assertThat(ledger.schedule(number)).contains(moved);
        assertThat(ledger.event(number)).contains(event);
        HistoryEntry last = store.history(number).get(store.history(number).size() - 1);
        assertThat(last.isPublic()).isFalse();
        assertThat(last.sender()).isEqualTo("calendar bob@helpdesk.test");
    }

    @Test
    void applyFromCalendarShouldLeaveAClosedTicketAlone() {
        store.setState(number, TicketStatus.CLOSED, false);

        assertThat(ledger.applyFromCalendar(number, new CalendarLedger.CalendarSide(null, null, null, "calendar", "Calendar",
                "deleted", false))).isEmpty();
    }

    @Test
    void applyFromCalendarShouldWriteNothingWhenTheScheduleChangedMeanwhile() {
        schedule("<m2@helpdesk.test>", new TicketChange.ScheduleAt(SLOT));
        Schedule seenBefore = new Schedule("alice", SLOT.start().minusSeconds(3600), SLOT.end(), "earlier");

        assertThat(ledger.applyFromCalendar(number, new CalendarLedger.CalendarSide(seenBefore, null, null, "calendar", "Calendar",
                "deleted", false))).isEmpty();
        assertThat(ledger.schedule(number)).contains(SLOT);
    }

    @Test
    void enqueueAllShouldKeepTheBackoffOfAQueuedTicket() {
        schedule("<m2@helpdesk.test>", new TicketChange.ScheduleAt(SLOT));
        ledger.fail(ledger.dueJobs(10).get(0), "503", CLOCK.instant().plusSeconds(60));

        assertThat(ledger.enqueueAll()).isZero();
        assertThat(ledger.jobs(10)).singleElement().satisfies(j -> assertThat(j.attempts()).isEqualTo(1));
        assertThat(ledger.pending(number)).isTrue();
    }

    @Test
    void saveSyncStateShouldInsertThenUpdate() {
        ledger.saveSyncState(new SyncState("alice@helpdesk.test", "t1", CLOCK.instant(), null));
        ledger.saveSyncState(new SyncState("alice@helpdesk.test", "t2", CLOCK.instant(), "x".repeat(2000)));

        assertThat(ledger.syncState("alice@helpdesk.test").orElseThrow().syncToken()).isEqualTo("t2");
        assertThat(ledger.syncStates()).hasSize(1);
    }
}
