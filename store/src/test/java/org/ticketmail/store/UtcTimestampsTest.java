package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;

import org.apache.ibatis.session.SqlSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ticketmail.store.mapper.UtcInstantTypeHandler;

/**
 * Schema version 8 rewrites the timestamps an earlier version wrote in the JVM's zone (here Europe/Berlin) as
 * UTC. The old rows are written as that version's MyBatis handler wrote them: {@code setTimestamp} with Derby's
 * calendar in the JVM's zone.
 */
class UtcTimestampsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant SUMMER = Instant.parse("2026-07-01T10:15:30.123456789Z");
    private static final Instant WINTER = Instant.parse("2026-01-15T08:00:00Z");
    /** 2026-10-25 02:30 CEST and 02:30 CET: the earlier version stored both as 02:30. */
    private static final Instant FIRST_0230 = Instant.parse("2026-10-25T00:30:00Z");
    private static final Instant SECOND_0230 = Instant.parse("2026-10-25T01:30:00Z");
    /** 02:30 CET on the next hour round: after the change, not ambiguous. */
    private static final Instant AFTER_CHANGE = Instant.parse("2026-10-25T02:30:00Z");

    @TempDir
    Path dir;

    private Path derby() {
        return dir.resolve("derby");
    }

    private static List<Migration> upToVersion7() {
        return Database.migrations(BERLIN).subList(0, 7);
    }

    /** A database at version 7 holding one row per table, each TIMESTAMP written by the earlier version at {@code at}. */
    private void writeVersion7WithEveryTableAt(Instant at) throws SQLException {
        try (Database database = Database.openDerby(derby(), upToVersion7());
             SqlSession s = database.sessions().openSession(true)) {
            Connection c = s.getConnection();
            assertThat(database.schemaVersion()).isEqualTo(7);
            legacyInsert(c, at, "INSERT INTO tickets (ticket_number, subject, status, priority, in_inbox, created_at, updated_at)"
                    + " VALUES ('2607-1000', 'Printer broken', 'NEW', 'normal', TRUE, ?, ?)");
            legacyInsert(c, at, "INSERT INTO ticket_recipients (ticket_number, address, kind, added_at) VALUES ('2607-1000', 'dana@acme.test', 'TO', ?)");
            legacyInsert(c, at, "INSERT INTO history (ticket_number, recorded_at, direction, is_public, sender, body)"
                    + " VALUES ('2607-1000', ?, 'IN', TRUE, 'dana@acme.test', 'It is broken.')");
            legacyInsert(c, at, "INSERT INTO message_ids (message_key, ticket_number, recorded_at) VALUES ('<m1@acme.test>', '2607-1000', ?)");
            legacyInsert(c, at, "INSERT INTO held_mail (held_at, reason, released_at) VALUES (?, 'auto-reply', ?)");
            legacyInsert(c, at, "INSERT INTO ticket_changes (ticket_number, changed_at, actor, field) VALUES ('2607-1000', ?, 'alice', 'status')");
            legacyInsert(c, at, "INSERT INTO ticket_schedules (ticket_number, technician_id, start_at, end_at, label, changed_at)"
                    + " VALUES ('2607-1000', 'alice', ?, ?, 'slot', ?)");
            legacyInsert(c, at, "INSERT INTO calendar_events (ticket_number, technician_id, mode, calendar_id, event_id, start_at, end_at,"
                    + " spec_digest, written, written_at) VALUES ('2607-1000', 'alice', 'GOOGLE', 'alice@helpdesk.test', 'e1', ?, ?, 'd', TRUE, ?)");
            legacyInsert(c, at, "INSERT INTO calendar_work (ticket_number, version, queued_at, due_at) VALUES ('2607-1000', 1, ?, ?)");
            legacyInsert(c, at, "INSERT INTO calendar_sync (calendar_id, synced_at) VALUES ('alice@helpdesk.test', ?)");
            legacyInsert(c, at, "INSERT INTO mail_runs (message_key, ticket_number, history_id, outcome, recorded_at)"
                    + " VALUES ('<m1@acme.test>', '2607-1000', 1, '{}', ?)");
            legacyInsert(c, at, "INSERT INTO failing_addresses (address, failed_at, status) VALUES ('gone@acme.test', ?, 'FAILED')");
        }
    }

    /** A database at version 7 holding tickets 1, 2, ... each last updated at the matching instant, as the earlier version wrote them. */
    private void writeVersion7WithTicketsAt(Instant... updates) throws SQLException {
        try (Database database = Database.openDerby(derby(), upToVersion7());
             SqlSession s = database.sessions().openSession(true)) {
            Connection c = s.getConnection();
            for (int i = 0; i < updates.length; i++) {
                legacyInsert(c, updates[i], "INSERT INTO tickets (ticket_number, subject, status, priority, in_inbox, created_at, updated_at)"
                        + " VALUES ('" + (i + 1) + "', 'Printer broken', 'NEW', 'normal', TRUE, ?, ?)");
            }
        }
    }

    /** Runs {@code sql} with every parameter the TIMESTAMP {@code at} as the earlier version wrote it in Berlin. */
    private static void legacyInsert(Connection c, Instant at, String sql) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (int i = 1; i <= insert.getParameterMetaData().getParameterCount(); i++) {
                // What Derby did with setTimestamp(i, ts): split it with a new GregorianCalendar() in the JVM's zone.
                insert.setTimestamp(i, Timestamp.from(at), new GregorianCalendar(TimeZone.getTimeZone(BERLIN), Locale.ROOT));
            }
            insert.executeUpdate();
        }
    }

    /** Every TIMESTAMP value of every table but schema_version, read through {@code calendar}, keyed "TABLE.COLUMN". */
    private static Map<String, List<Instant>> storedValues(Database database, Calendar calendar) throws SQLException {
        Map<String, List<Instant>> values = new TreeMap<>();
        try (SqlSession s = database.sessions().openSession(true)) {
            Connection c = s.getConnection();
            for (Map.Entry<String, List<String>> table : UtcTimestamps.timestampColumns(c).entrySet()) {
                for (String column : table.getValue()) {
                    List<Instant> read = new ArrayList<>();
                    try (Statement statement = c.createStatement();
                         ResultSet rs = statement.executeQuery("SELECT " + column + " FROM " + table.getKey())) {
                        while (rs.next()) {
                            Timestamp value = rs.getTimestamp(1, (Calendar) calendar.clone());
                            read.add(value == null ? null : value.toInstant());
                        }
                    }
                    values.put(table.getKey() + "." + column, read);
                }
            }
        }
        return values;
    }

    private static Calendar berlinCalendar() {
        return new GregorianCalendar(TimeZone.getTimeZone(BERLIN), Locale.ROOT);
    }

    private static List<Instant> updatedAt(Database database, int tickets) {
        Clock clock = Clock.fixed(SUMMER, ZoneOffset.UTC);
        TicketStore store = new TicketStore(database, clock, new TicketCounter(database, clock, 1000));
        List<Instant> updates = new ArrayList<>();
        for (int i = 1; i <= tickets; i++) {
            updates.add(store.ticket(String.valueOf(i)).orElseThrow().updatedAt());
        }
        return updates;
    }

    @Test
    void upgradeShouldKeepEveryInstantTheEarlierVersionWroteInEveryTable() throws Exception {
        writeVersion7WithEveryTableAt(SUMMER);

        try (Database database = Database.openDerby(derby(), Database.migrations(BERLIN))) {
            assertThat(database.schemaVersion()).isEqualTo(Database.migrations(BERLIN).size()); // the newest version
            Map<String, List<Instant>> values = new java.util.TreeMap<>(storedValues(database, UtcInstantTypeHandler.utcCalendar()));
            // Tables made after version 8 (sla_warnings, version 10) never held a value in the JVM's zone: nothing to keep.
            values.keySet().removeIf(column -> column.startsWith("SLA_WARNINGS."));
            assertThat(values.keySet()).containsExactly("CALENDAR_EVENTS.END_AT", "CALENDAR_EVENTS.START_AT", "CALENDAR_EVENTS.WRITTEN_AT",
                    "CALENDAR_SYNC.SYNCED_AT", "CALENDAR_WORK.DUE_AT", "CALENDAR_WORK.QUEUED_AT", "FAILING_ADDRESSES.FAILED_AT",
                    "HELD_MAIL.HELD_AT", "HELD_MAIL.RELEASED_AT", "HISTORY.RECORDED_AT", "MAIL_RUNS.RECORDED_AT", "MESSAGE_IDS.RECORDED_AT",
                    "TICKETS.CREATED_AT", "TICKETS.UPDATED_AT", "TICKET_CHANGES.CHANGED_AT", "TICKET_RECIPIENTS.ADDED_AT",
                    "TICKET_SCHEDULES.CHANGED_AT", "TICKET_SCHEDULES.END_AT", "TICKET_SCHEDULES.START_AT");
            assertThat(values).allSatisfy((column, read) -> assertThat(read).as(column).containsExactly(SUMMER));

            Clock clock = Clock.fixed(SUMMER, ZoneOffset.UTC);
            TicketStore store = new TicketStore(database, clock, new TicketCounter(database, clock, 1000));
            assertThat(store.ticket("2607-1000").orElseThrow().createdAt()).isEqualTo(SUMMER);
            assertThat(store.history("2607-1000")).extracting(HistoryEntry::at).containsExactly(SUMMER);
            assertThat(new CalendarLedger(database, clock).scheduleChangedAt("2607-1000")).contains(SUMMER);
            assertThat(new HeldMails(database, clock).newest(1)).extracting(HeldMail::heldAt).containsExactly(SUMMER);
        }
    }

    @Test
    void upgradeShouldLeaveANullTimestampNull() throws Exception {
        writeVersion7WithEveryTableAt(SUMMER);
        try (Database database = Database.openDerby(derby(), upToVersion7());
             SqlSession s = database.sessions().openSession(true); Statement statement = s.getConnection().createStatement()) {
            statement.executeUpdate("UPDATE held_mail SET released_at = NULL");
        }

        try (Database database = Database.openDerby(derby(), Database.migrations(BERLIN))) {
            Map<String, List<Instant>> values = storedValues(database, UtcInstantTypeHandler.utcCalendar());
            assertThat(values.get("HELD_MAIL.RELEASED_AT")).containsExactly((Instant) null);
            assertThat(values.get("HELD_MAIL.HELD_AT")).containsExactly(SUMMER);
        }
    }

    @Test
    void upgradeShouldReadTheRepeatedHourAsTheEarlierVersionShowedIt() throws Exception {
        writeVersion7WithTicketsAt(WINTER, SUMMER, FIRST_0230, SECOND_0230, AFTER_CHANGE);
        List<Instant> shownBefore;
        try (Database database = Database.openDerby(derby(), upToVersion7())) {
            // The earlier version's reading: the stored fields joined in the JVM's zone.
            shownBefore = storedValues(database, berlinCalendar()).get("TICKETS.UPDATED_AT");
        }

        try (Database database = Database.openDerby(derby(), Database.migrations(BERLIN))) {
            // 02:30 was written for both, so both show as 02:30 CET, the later, as they did before.
            assertThat(shownBefore).containsExactly(WINTER, SUMMER, SECOND_0230, SECOND_0230, AFTER_CHANGE);
            assertThat(updatedAt(database, 5)).isEqualTo(shownBefore);
        }
    }

    @Test
    void upgradeShouldLeaveVersion7AndEveryValueUntouchedWhenTheConversionFails() throws Exception {
        writeVersion7WithEveryTableAt(SUMMER);
        Map<String, List<Instant>> before;
        try (Database database = Database.openDerby(derby(), upToVersion7())) {
            before = storedValues(database, UtcInstantTypeHandler.utcCalendar());
        }
        Migration converted = new UtcTimestamps(BERLIN);
        Migration failsAfterConverting = new Migration() {
            @Override
            public String name() {
                return converted.name();
            }

            @Override
            public void apply(Connection c) throws SQLException {
                converted.apply(c);
                throw new SQLException("disk full");
            }
        };
        List<Migration> failing = new ArrayList<>(upToVersion7());
        failing.add(failsAfterConverting);

        assertThatThrownBy(() -> Database.openDerby(derby(), failing)).isInstanceOf(StoreException.class)
                .hasMessage("database jdbc:derby:" + derby().toAbsolutePath() + ": migration V8__utc_timestamps failed (disk full)");

        try (Database database = Database.openDerby(derby(), upToVersion7())) {
            assertThat(database.schemaVersion()).isEqualTo(7);
            assertThat(storedValues(database, UtcInstantTypeHandler.utcCalendar())).isEqualTo(before);
            assertThat(storedValues(database, berlinCalendar())).allSatisfy((column, read) -> assertThat(read).as(column).containsExactly(SUMMER));
        }
    }

    @Test
    void upgradeShouldConvertAtTheNextOpenAfterAFailedAttempt() throws Exception {
        writeVersion7WithTicketsAt(SUMMER);
        List<Migration> failing = new ArrayList<>(upToVersion7());
        failing.add(new Migration() {
            @Override
            public String name() {
                return UtcTimestamps.NAME;
            }

            @Override
            public void apply(Connection c) throws SQLException {
                new UtcTimestamps(BERLIN).apply(c);
                throw new SQLException("killed");
            }
        });
        assertThatThrownBy(() -> Database.openDerby(derby(), failing)).isInstanceOf(StoreException.class);

        try (Database database = Database.openDerby(derby(), Database.migrations(BERLIN))) {
            assertThat(database.schemaVersion()).isEqualTo(Database.migrations(BERLIN).size()); // the newest version
            assertThat(updatedAt(database, 1)).containsExactly(SUMMER);
        }
    }

    @Test
    void upgradeShouldNotConvertAgainAtTheNextOpen() throws Exception {
        writeVersion7WithTicketsAt(SUMMER);
        Database.openDerby(derby(), Database.migrations(BERLIN)).close();

        try (Database database = Database.openDerby(derby(), Database.migrations(BERLIN))) {
            assertThat(updatedAt(database, 1)).containsExactly(SUMMER);
        }
    }

    @Test
    void openDerbyShouldConvertFromTheZoneOfTheJvmThatMigrates() throws Exception {
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(BERLIN));
        try {
            try (Database database = Database.openDerby(derby(), upToVersion7());
                 SqlSession s = database.sessions().openSession(true);
                 PreparedStatement insert = s.getConnection().prepareStatement("INSERT INTO tickets (ticket_number, subject, status,"
                         + " priority, in_inbox, created_at, updated_at) VALUES ('1', 'Printer broken', 'NEW', 'normal', TRUE, ?, ?)")) {
                // Exactly what MyBatis' InstantTypeHandler did before.
                insert.setTimestamp(1, Timestamp.from(SUMMER));
                insert.setTimestamp(2, Timestamp.from(SUMMER));
                insert.executeUpdate();
            }

            try (Database database = Database.openDerby(derby())) {
                assertThat(updatedAt(database, 1)).containsExactly(SUMMER);
                assertThat(storedValues(database, UtcInstantTypeHandler.utcCalendar()).get("TICKETS.UPDATED_AT")).containsExactly(SUMMER);
            }
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }
}
