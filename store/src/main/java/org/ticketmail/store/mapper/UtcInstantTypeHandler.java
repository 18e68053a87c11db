package org.ticketmail.store.mapper;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.TimeZone;

import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/**
 * Writes an {@link Instant} to a zone-less {@code TIMESTAMP} column as its UTC wall time, and reads it back
 * so. MyBatis' own handler goes through the JVM's zone: in the hour a daylight-saving change repeats, two
 * instants an hour apart became the same value.
 *
 * <p>Derby takes the calendar it is given to split the instant into fields and to join them again, and
 * stores and compares only the fields, so nothing here depends on the JVM's zone. (Derby's own rendering
 * of a TIMESTAMP as text, {@code CAST(... AS VARCHAR)}, still goes through that zone: read values as
 * {@code Instant}s, not as strings.) A {@link Calendar} is changed by every use, so each call takes a new
 * one; the handler itself is stateless and thread-safe.
 */
public final class UtcInstantTypeHandler extends BaseTypeHandler<Instant> {
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    /** A new calendar in UTC, as Derby's own default calendar (a GregorianCalendar) but without the JVM's zone. */
    public static Calendar utcCalendar() {
        return new GregorianCalendar(UTC, Locale.ROOT);
    }

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, Instant parameter, JdbcType jdbcType) throws SQLException {
        ps.setTimestamp(i, Timestamp.from(parameter), utcCalendar());
    }

    @Override
    public Instant getNullableResult(ResultSet rs, String columnName) throws SQLException {
        return instant(rs.getTimestamp(columnName, utcCalendar()));
    }

    @Override
    public Instant getNullableResult(ResultSet rs, int columnIndex) throws SQLException {
        return instant(rs.getTimestamp(columnIndex, utcCalendar()));
    }

    @Override
    public Instant getNullableResult(CallableStatement cs, int columnIndex) throws SQLException {
        return instant(cs.getTimestamp(columnIndex, utcCalendar()));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
