package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.type.JdbcType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ticketmail.store.mapper.UtcInstantTypeHandler;

/**
 * Instants are stored as UTC wall time, so the hour a daylight-saving change repeats holds two distinct hours.
 * The JVM runs in Europe/Berlin here, as the appliance would in Germany.
 */
class UtcInstantsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDateTime REPEATED_0230 = LocalDateTime.parse("2026-10-25T02:30");
    /** 02:30 summer time (CEST, +02), the first time the clock shows it. */
    private static final Instant FIRST_0230 = ZonedDateTime.ofLocal(REPEATED_0230, BERLIN, null).withEarlierOffsetAtOverlap().toInstant();
    /** 02:30 winter time (CET, +01), an hour later. */
    private static final Instant SECOND_0230 = ZonedDateTime.ofLocal(REPEATED_0230, BERLIN, null).withLaterOffsetAtOverlap().toInstant();

    @TempDir
    Path dir;
    TimeZone jvmZone;
    Database database;

    @BeforeEach
    void openInBerlin() {
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(BERLIN));
        database = Database.openDerby(dir.resolve("derby"));
    }

    @AfterEach
    void closeAndRestoreZone() {
        try {
            database.close();
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    private TicketStore storeAt(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new TicketStore(database, clock, new TicketCounter(database, clock, 1000));
    }

    private static Intake newTicket(String messageId) {
        return Intake.opening(Intake.NewTicket.of("Printer broken", "acme", "dana@acme.test", "alice"), messageId,
                new NewHistoryEntry(Direction.IN, true, "Dana <dana@acme.test>", "Printer broken", "It is broken.", null, messageId,
                        "raw".getBytes(StandardCharsets.US_ASCII), List.of()))
                .withRecipients(List.of(Recipient.external("dana@acme.test", RecipientKind.TO)));
    }

    @Test
    void theTwoHalfPastTwosOfTheRepeatedHourShouldBeDistinctTimestamps() {
        assertThat(FIRST_0230).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(SECOND_0230).isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
    }

    @Test
    void ticketsUpdatedAnHourApartInTheRepeatedHourShouldReadBackDistinctAndInOrder() {
        String first = storeAt(FIRST_0230).record(newTicket("<m1@acme.test>")).ticket().number();
        String second = storeAt(SECOND_0230).record(newTicket("<m2@acme.test>")).ticket().number();
        TicketStore store = storeAt(SECOND_0230);

        assertThat(store.ticket(first).orElseThrow().updatedAt()).isEqualTo(FIRST_0230);
        assertThat(store.ticket(second).orElseThrow().updatedAt()).isEqualTo(SECOND_0230);
        assertThat(store.history(first)).extracting(HistoryEntry::at).containsExactly(FIRST_0230);
        assertThat(store.updatedSince(FIRST_0230)).extracting(TicketSummary::number, TicketSummary::updatedAt)
                .containsExactly(tuple(first, FIRST_0230), tuple(second, SECOND_0230));
    }

    @Test
    void findShouldListOnlyTheLaterTicketWhenUpdatedSinceFallsBetweenTheTwoHalfPastTwos() {
        storeAt(FIRST_0230).record(newTicket("<m1@acme.test>"));
        String second = storeAt(SECOND_0230).record(newTicket("<m2@acme.test>")).ticket().number();

        List<TicketSummary> found = storeAt(SECOND_0230).find(TicketQuery.of(FIRST_0230.plusSeconds(30 * 60), null, null, null, 10));

        assertThat(found).extracting(TicketSummary::number).containsExactly(second);
    }

    @Test
    void everyTimestampTheMappersWriteShouldHoldItsUtcWallTime() throws Exception {
        TicketStore store = storeAt(FIRST_0230);
        String number = store.record(newTicket("<m1@acme.test>"), recorded -> "{}").ticket().number();
        Schedule slot = new Schedule("alice", FIRST_0230, SECOND_0230, "Sun 2026-10-25 02:30–02:30 (Europe/Berlin)");
        store.record(Intake.onTicket(number, "<m2@helpdesk.test>", new NewHistoryEntry(Direction.OUT, true, "Alice <alice@helpdesk.test>",
                        "Printer broken", "", null, "<m2@helpdesk.test>", "raw".getBytes(StandardCharsets.US_ASCII), List.of()))
                .withCommands(new Commands("alice", false, StatusMap.defaults(),
                        List.of(new Commands.Requested("#schedule", new TicketChange.ScheduleAt(slot))))));
        CalendarLedger ledger = new CalendarLedger(database, Clock.fixed(FIRST_0230, ZoneOffset.UTC));
        ledger.saveEvent(new CalendarEventRecord(number, "alice", "GOOGLE", "alice@helpdesk.test", "e1", 0, FIRST_0230, SECOND_0230,
                "digest", true, SECOND_0230));
        ledger.saveSyncState(new SyncState("alice@helpdesk.test", "token", SECOND_0230, null));
        new HeldMails(database, Clock.fixed(SECOND_0230, ZoneOffset.UTC)).hold("auto-reply", "bot@x.test", "support@helpdesk.test",
                "Out of office", "raw".getBytes(StandardCharsets.US_ASCII));

        Set<String> written = new TreeSet<>();
        try (SqlSession s = database.sessions().openSession(true)) {
            Connection c = s.getConnection();
            for (Map.Entry<String, List<String>> table : UtcTimestamps.timestampColumns(c).entrySet()) {
                for (String column : table.getValue()) {
                    try (Statement statement = c.createStatement();
                         ResultSet rs = statement.executeQuery("SELECT " + column + " FROM " + table.getKey() + " WHERE " + column + " IS NOT NULL")) {
                        while (rs.next()) {
                            written.add(table.getKey() + "." + column);
                            // The stored fields read as UTC wall time are the instant itself.
                            assertThat(rs.getTimestamp(1, UtcInstantTypeHandler.utcCalendar()).toInstant())
                                    .as(table.getKey() + "." + column).isIn(FIRST_0230, SECOND_0230);
                        }
                    }
                }
            }
        }
        assertThat(written).containsExactly("CALENDAR_EVENTS.END_AT", "CALENDAR_EVENTS.START_AT", "CALENDAR_EVENTS.WRITTEN_AT",
                "CALENDAR_SYNC.SYNCED_AT", "CALENDAR_WORK.DUE_AT", "CALENDAR_WORK.QUEUED_AT", "HELD_MAIL.HELD_AT", "HISTORY.RECORDED_AT",
                "MAIL_RUNS.RECORDED_AT", "MESSAGE_IDS.RECORDED_AT", "TICKETS.CREATED_AT", "TICKETS.UPDATED_AT", "TICKET_CHANGES.CHANGED_AT",
                "TICKET_RECIPIENTS.ADDED_AT", "TICKET_SCHEDULES.CHANGED_AT", "TICKET_SCHEDULES.END_AT", "TICKET_SCHEDULES.START_AT");
        assertThat(ledger.schedule(number)).contains(slot);
        assertThat(ledger.event(number)).hasValueSatisfying(e -> assertThat(e.writtenAt()).isEqualTo(SECOND_0230));
    }

    @Test
    void everyInstantShouldGoThroughTheUtcHandlerWhateverTheJdbcType() {
        var registry = database.sessions().getConfiguration().getTypeHandlerRegistry();

        assertThat(registry.getTypeHandler(Instant.class)).isInstanceOf(UtcInstantTypeHandler.class);
        assertThat(registry.getTypeHandler(Instant.class, JdbcType.TIMESTAMP)).isInstanceOf(UtcInstantTypeHandler.class);
    }
}
