package org.ticketmail.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.apache.ibatis.datasource.pooled.PooledDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.apache.ibatis.type.BlobTypeHandler;
import org.apache.ibatis.type.JdbcType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.mapper.DirectoryMapper;
import org.ticketmail.store.mapper.TicketMapper;
import org.ticketmail.store.mapper.UtcInstantTypeHandler;

/**
 * The embedded Derby database under the data directory, reached through MyBatis.
 *
 * <p>Opening it creates the database if needed and applies the versioned migrations ({@link Migration}: the SQL
 * in {@code org/ticketmail/store/migration/}, and {@link UtcTimestamps}) that it does not have yet, each in its
 * own transaction, recording them in {@code schema_version}. {@link #close()} shuts Derby down so the files are
 * consistent and the directory can be opened again in the same JVM.
 *
 * <p>Timestamps are stored as UTC wall time in Derby's zone-less TIMESTAMP ({@link UtcInstantTypeHandler}).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Database.class);
    private static final String DRIVER = "org.apache.derby.iapi.jdbc.AutoloadedDriver";
    /**
     * The migrations, in order: step i takes the schema to version i + 1. Never edit one that has shipped: add the
     * next. {@code legacyZone} is the zone that versions before 8 wrote timestamps in: the JVM's.
     */
    static List<Migration> migrations(ZoneId legacyZone) {
        return List.of(Migration.sql("V1__initial.sql"), Migration.sql("V2__work_a_ticket.sql"),
                Migration.sql("V3__calendar.sql"), Migration.sql("V4__mail_runs.sql"), Migration.sql("V5__held_mail_details.sql"),
                Migration.sql("V6__mail_run_owner.sql"), Migration.sql("V7__threading_bounces_release.sql"),
                new UtcTimestamps(legacyZone), Migration.sql("V9__spam.sql"), Migration.sql("V10__sla.sql"));
    }

    private final String url;
    private final List<Migration> migrations;
    private final PooledDataSource dataSource;
    private final SqlSessionFactory sessions;

    private Database(String url, List<Migration> migrations) {
        this.url = url;
        this.migrations = List.copyOf(migrations);
        this.dataSource = new PooledDataSource(DRIVER, url + ";create=true", null, null);
        dataSource.setPoolMaximumActiveConnections(16);
        dataSource.setPoolMaximumIdleConnections(8);
        Configuration configuration = new Configuration(new Environment("ticketmail", new JdbcTransactionFactory(), dataSource));
        configuration.setArgNameBasedConstructorAutoMapping(true);
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setJdbcTypeForNull(JdbcType.VARCHAR);
        // Derby reads BLOB columns only as java.sql.Blob, not with getBytes.
        configuration.getTypeHandlerRegistry().register(byte[].class, (JdbcType) null, new BlobTypeHandler());
        // Every Instant, parameter or result, is a TIMESTAMP in UTC (from schema version 8), whatever the JVM's zone.
        configuration.getTypeHandlerRegistry().register(Instant.class, (JdbcType) null, new UtcInstantTypeHandler());
        configuration.addMapper(TicketMapper.class);
        configuration.addMapper(DirectoryMapper.class);
        configuration.addMapper(org.ticketmail.store.mapper.CalendarMapper.class);
        configuration.addMapper(org.ticketmail.store.mapper.SlaMapper.class);
        this.sessions = new SqlSessionFactoryBuilder().build(configuration);
    }

    /** Opens (creating if needed) the Derby database in {@code directory} and migrates it. */
    public static Database openDerby(Path directory) {
        return openDerby(directory, migrations(ZoneId.systemDefault()));
    }

    /** As {@link #openDerby(Path)}, migrating with {@code migrations} instead: for tests of the migrations. */
    static Database openDerby(Path directory, List<Migration> migrations) {
        return open("jdbc:derby:" + directory.toAbsolutePath(), migrations);
    }

    /**
     * A new, empty Derby database that lives in memory only, migrated: for tests whose subject is not the
     * store. {@link #close()} drops it.
     */
    public static Database inMemory() {
        return open("jdbc:derby:memory:ticketmail-" + java.util.UUID.randomUUID(), migrations(ZoneId.systemDefault()));
    }

    /**
     * Database-wide Derby settings, set at every open. A lock wait ends after 15 s (Derby's default is a minute,
     * which stalled the spool threads behind one another), a deadlock is looked for after 5 s, and ids of
     * identity columns are taken 1000 at a time: taking a new range locks a system row, which concurrent
     * recordings then wait on. {@link Transactions} runs again a transaction that timed out or deadlocked.
     */
    private static final List<String[]> PROPERTIES = List.of(
            new String[] {"derby.locks.waitTimeout", "15"},
            new String[] {"derby.locks.deadlockTimeout", "5"},
            new String[] {"derby.language.sequence.preallocator", "1000"});

    private static Database open(String url, List<Migration> migrations) {
        Database database = new Database(url, migrations);
        try {
            database.migrate();
            database.configure();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private volatile boolean closed;

    /** The sessions over the database; fails once the database is closed, so nothing reopens it behind the owner's back. */
    public SqlSessionFactory sessions() {
        if (closed) {
            throw new StoreException("database " + url + " is shut down");
        }
        return sessions;
    }

    /** Whether the database answers a query within {@code seconds}: for the health check. Never throws. */
    public boolean answers(int seconds) {
        if (closed) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            statement.setQueryTimeout(seconds);
            try (ResultSet rs = statement.executeQuery("VALUES 1")) {
                return rs.next();
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The schema version in force. */
    public int schemaVersion() {
        try (Connection c = dataSource.getConnection()) {
            return currentVersion(c);
        } catch (SQLException e) {
            throw new StoreException("database " + url + ": cannot read schema version (" + e.getMessage() + ")", e);
        }
    }

    private void migrate() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            ensureVersionTable(c);
            int version = currentVersion(c);
            for (int i = version; i < migrations.size(); i++) {
                Migration migration = migrations.get(i);
                // One transaction for the step and its schema_version row: killed anywhere before the commit,
                // Derby's recovery undoes the step, and the next open runs it again from the start.
                try (Statement statement = c.createStatement()) {
                    migration.apply(c);
                    // applied_at stays Derby's CURRENT_TIMESTAMP, the JVM's wall time: only people read it, and
                    // V8 leaves it so, to keep one meaning for the whole column.
                    statement.executeUpdate("INSERT INTO schema_version (version, name, applied_at) VALUES ("
                            + (i + 1) + ", '" + migration.name() + "', CURRENT_TIMESTAMP)");
                    c.commit();
                    LOGGER.info("database migrated to version {} ({})", i + 1, migration.name());
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw new StoreException("database " + url + ": migration " + migration.name() + " failed (" + e.getMessage() + ")", e);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("database " + url + ": cannot open (" + e.getMessage()
                    + "); is another ticketmail using this data directory?", e);
        }
    }

    private void configure() {
        try (Connection c = dataSource.getConnection();
             java.sql.PreparedStatement set = c.prepareStatement("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY(?, ?)")) {
            for (String[] property : PROPERTIES) {
                set.setString(1, property[0]);
                set.setString(2, property[1]);
                set.execute();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new StoreException("database " + url + ": cannot set its properties (" + e.getMessage() + ")", e);
        }
    }

    private static void ensureVersionTable(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, "SCHEMA_VERSION", null)) {
            if (tables.next()) {
                return;
            }
        }
        try (Statement statement = c.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                    + " applied_at TIMESTAMP NOT NULL)");
        }
        c.commit();
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement statement = c.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public void close() {
        closed = true;
        dataSource.forceCloseAll();
        try {
            DriverManager.getConnection(url + (url.startsWith("jdbc:derby:memory:") ? ";drop=true" : ";shutdown=true")).close();
        } catch (SQLException e) {
            // Derby reports a clean shutdown of one database as SQLState 08006.
            if (!"08006".equals(e.getSQLState())) {
                LOGGER.warn("database {}: shutdown reported {}", url, e.getMessage());
            }
        }
    }
}
