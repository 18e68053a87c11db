package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ticketmail.calendar.WorkingTime;
import org.ticketmail.scheduling.CalendarSetup;
import org.ticketmail.scheduling.Reflow;
import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.Commands;
import org.ticketmail.store.Direction;
import org.ticketmail.store.Intake;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Schedule;
import org.ticketmail.store.StatusMap;
import org.ticketmail.store.TicketChange;
import org.ticketmail.store.TicketStatus;

/**
 * Seed 003's calendar reflow on the real store: now is Thursday 2026-11-05 10:00 UTC, working hours are
 * 09:00-17:00 and 15 minutes stay free between two tickets.
 */
class ReflowTest {
    private final Fixtures f = new Fixtures();
    private final CalendarLedger ledger = new CalendarLedger(f.database, Fixtures.CLOCK);
    private final Reflow reflow = new Reflow(CalendarSetup.withoutGoogle(WorkingTime.parse("UTC", "09:00-17:00", "MON-FRI", "15")),
            ledger, f.directories, Fixtures.CLOCK);

    private static Instant at(String time) {
        return Instant.parse("2026-11-05T" + time + ":00Z");
    }

    /** A ticket of alice's scheduled from {@code start} to {@code end} (today, UTC). */
    private String scheduled(String start, String end) {
        String number = f.acmeTicket();
        Schedule slot = new Schedule("alice", at(start), at(end), start + "–" + end);
        f.store.record(Intake.onTicket(number, "<s-" + System.nanoTime() + "@helpdesk.test>",
                        new NewHistoryEntry(Direction.OUT, false, "alice@helpdesk.test", "s", "", null, null, null, List.of()))
                .withCommands(new Commands("alice", false, StatusMap.defaults(),
                        List.of(new Commands.Requested("#schedule", new TicketChange.ScheduleAt(slot))))));
        return number;
    }

    @Test
    void runOnceShouldPushTheTicketsAfterOneThatRanOver() {
        scheduled("08:00", "09:30"); // still open at 10:00: it ran over
        String next = scheduled("10:05", "11:05");
        String after = scheduled("11:15", "12:00");
        String afternoon = scheduled("14:00", "15:00");

        int moved = reflow.runOnce();

        assertThat(moved).isEqualTo(2);
        assertThat(ledger.schedule(next).orElseThrow().start()).isEqualTo(at("10:15"));
        assertThat(ledger.schedule(next).orElseThrow().end()).isEqualTo(at("11:15"));
        assertThat(ledger.schedule(after).orElseThrow().start()).isEqualTo(at("11:30"));
        assertThat(ledger.schedule(after).orElseThrow().end()).isEqualTo(at("12:15"));
        assertThat(ledger.schedule(afternoon).orElseThrow().start()).isEqualTo(at("14:00"));
        assertThat(f.store.changes(next)).last().satisfies(c -> {
            assertThat(c.actor()).isEqualTo("reflow");
            assertThat(c.field()).isEqualTo("schedule");
        });
        assertThat(ledger.jobs(10)).extracting(j -> j.ticketNumber()).contains(next, after);
    }

    @Test
    void runOnceShouldLeaveTheScheduleAloneWhenNothingRanOver() {
        String next = scheduled("10:30", "11:30");

        assertThat(reflow.runOnce()).isZero();
        assertThat(ledger.schedule(next).orElseThrow().start()).isEqualTo(at("10:30"));
    }

    @Test
    void runOnceShouldNotCountATicketLeftOpenOnAnEarlierDayAsRunningOver() {
        String number = f.acmeTicket();
        Schedule monday = new Schedule("alice", Instant.parse("2026-11-02T09:00:00Z"), Instant.parse("2026-11-02T10:00:00Z"), "Mon");
        f.store.record(Intake.onTicket(number, "<s-" + System.nanoTime() + "@helpdesk.test>",
                        new NewHistoryEntry(Direction.OUT, false, "alice@helpdesk.test", "s", "", null, null, null, List.of()))
                .withCommands(new Commands("alice", false, StatusMap.defaults(),
                        List.of(new Commands.Requested("#schedule", new TicketChange.ScheduleAt(monday))))));
        String next = scheduled("10:05", "11:05");

        assertThat(reflow.runOnce()).isZero();
        assertThat(ledger.schedule(next).orElseThrow().start()).isEqualTo(at("10:05"));
    }

    @Test
    void runOnceShouldNotCountAClosedTicketAsRunningOver() {
        String done = scheduled("08:00", "09:30");
        f.store.setState(done, TicketStatus.CLOSED, false);
        String next = scheduled("10:05", "11:05");

        assertThat(reflow.runOnce()).isZero();
        assertThat(ledger.schedule(next).orElseThrow().start()).isEqualTo(at("10:05"));
    }

    @Test
    void runOnceShouldMoveWorkPastTheEndOfTheDayToTheNextWorkingDay() {
        String late = scheduled("08:00", "09:30");
        f.store.setState(late, TicketStatus.ASSIGNED, false);
        String lastOfDay = scheduled("10:05", "17:00");

        reflow.runOnce();

        Schedule moved = ledger.schedule(lastOfDay).orElseThrow();
        assertThat(moved.start()).isEqualTo(Instant.parse("2026-11-06T09:00:00Z"));
        assertThat(Duration.between(moved.start(), moved.end())).isEqualTo(Duration.ofMinutes(415));
    }
}
