package org.ticketmail.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.mapper.UtcInstantTypeHandler;

/**
 * Schema version 8: every TIMESTAMP value of every table, written by an earlier version as the wall time of
 * the JVM's zone, rewritten as UTC wall time, which {@link UtcInstantTypeHandler} reads and writes from now on.
 *
 * <p>Each value is read exactly as the earlier version read it (Derby joining the stored fields with a
 * {@link GregorianCalendar} in {@code legacyZone}, which was the JVM's zone), so every instant shows as it
 * showed before the upgrade. A value in the hour a daylight-saving change repeats cannot tell which of its
 * two instants was written: like the earlier version, it is read as the later one (standard time; in
 * Europe/Berlin 2026-10-25 02:30 is 01:30Z, never 00:30Z). {@code LocalDateTime.atZone} would pick the
 * earlier one and move what people saw by an hour. A wall time in the skipped hour of a change, which the
 * earlier version never wrote, is read an hour later.
 *
 * <p>The tables and columns are those the database has (all of V1 to V7, found through the JDBC metadata),
 * except {@code schema_version}: its {@code applied_at} is written by Derby's {@code CURRENT_TIMESTAMP} in
 * the JVM's zone, for people reading the table; nothing reads it back.
 *
 * <p>The conversion runs in the transaction that records version 8 ({@link Migration}): killed half-way, the
 * database is at version 7 with every value as the earlier version wrote it, and the next open converts
 * it again, with the zone of that process. Run the upgrade in the zone the appliance ran in.
 */
final class UtcTimestamps implements Migration {
    static final String NAME = "V8__utc_timestamps";
    private static final Logger LOGGER = LoggerFactory.getLogger(UtcTimestamps.class);

    private final ZoneId legacyZone;

    /** Converts from the wall time of {@code legacyZone}: the zone of the JVM that wrote the values. */
    UtcTimestamps(ZoneId legacyZone) {
        this.legacyZone = legacyZone;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(Connection c) throws SQLException {
        long rows = 0;
        Map<String, List<String>> columns = timestampColumns(c);
        for (Map.Entry<String, List<String>> table : columns.entrySet()) {
            rows += convert(c, table.getKey(), table.getValue());
        }
        LOGGER.info("{}: {} rows of {} tables converted from {} to UTC", NAME, rows, columns.size(), legacyZone.getId());
    }

    /** The TIMESTAMP columns of each table of the connection's schema but schema_version, tables in name order. */
    static Map<String, List<String>> timestampColumns(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        tables.sort(null);
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (String table : tables) {
            if (table.equals("SCHEMA_VERSION")) {
                continue;
            }
            try (ResultSet rs = meta.getColumns(null, c.getSchema(), table, "%")) {
                while (rs.next()) {
                    if (rs.getInt("DATA_TYPE") == Types.TIMESTAMP) {
                        columns.computeIfAbsent(table, t -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
                    }
                }
            }
        }
        return columns;
    }

    /**
     * Walks the table with an updatable cursor and rewrites each row's values in place (UPDATE ... WHERE CURRENT
     * OF), so no key is needed. Returns the number of rows rewritten.
     */
    private long convert(Connection c, String table, List<String> columns) throws SQLException {
        String list = columns.stream().map(UtcTimestamps::quoted).collect(Collectors.joining(", "));
        String set = columns.stream().map(column -> quoted(column) + " = ?").collect(Collectors.joining(", "));
        long rows = 0;
        try (Statement select = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)) {
            select.setCursorName("UTC_" + table);
            try (ResultSet rs = select.executeQuery("SELECT " + list + " FROM " + quoted(table) + " FOR UPDATE OF " + list);
                 PreparedStatement update = c.prepareStatement("UPDATE " + quoted(table) + " SET " + set
                         + " WHERE CURRENT OF " + quoted(rs.getCursorName()))) {
                while (rs.next()) {
                    boolean any = false;
                    for (int i = 1; i <= columns.size(); i++) {
                        // The earlier version's read: the stored fields joined in the JVM's zone.
                        Timestamp value = rs.getTimestamp(i, legacyCalendar());
                        if (value == null) {
                            update.setNull(i, Types.TIMESTAMP);
                        } else {
                            update.setTimestamp(i, value, UtcInstantTypeHandler.utcCalendar());
                            any = true;
                        }
                    }
                    if (any) {
                        update.executeUpdate();
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    /** A new calendar as Derby made one for the earlier version (new GregorianCalendar()), in {@code legacyZone}. */
    private Calendar legacyCalendar() {
        return new GregorianCalendar(TimeZone.getTimeZone(legacyZone), Locale.ROOT);
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
