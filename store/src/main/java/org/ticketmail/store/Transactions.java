package org.ticketmail.store;

import java.util.function.Function;

import org.apache.ibatis.session.SqlSession;

/** Reads and one-transaction writes over the database, for the store's classes. Thread-safe. */
final class Transactions {
    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(Transactions.class);
    private final Database database;

    Transactions(Database database) {
        this.database = database;
    }

    <T> T read(Function<SqlSession, T> work) {
        try (SqlSession s = database.sessions().openSession(true)) {
            return work.apply(s);
        }
    }

    /**
     * How often a transaction that timed out on a lock or deadlocked is run in all. Derby also refuses an insert at
     * once (40XL1 from its sequence updater) when concurrent inserts contend for the next range of identity values;
     * the fuzz run saw three quick attempts all refused, so there are more, with a growing pause between them.
     */
    static final int ATTEMPTS = 6;
    /** The pause before the second attempt; it doubles with each further attempt (plus up to as much at random). */
    private static final long FIRST_PAUSE_MILLIS = 20;

    /**
     * Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. A transaction
     * Derby rolled back for a lock timeout or a deadlock is run again from the start, up to {@link #ATTEMPTS}
     * times, so concurrent recordings wait for one another instead of failing: {@code work} must touch nothing
     * but the session.
     */
    <T> T write(Function<SqlSession, T> work) {
        for (int attempt = 1; ; attempt++) {
            try (SqlSession s = database.sessions().openSession(false)) {
                T result = work.apply(s);
                s.commit(true);
                return result;
            } catch (org.apache.ibatis.exceptions.PersistenceException e) {
                if (attempt >= ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                LOGGER.info("transaction rolled back by the database ({}); running it again (attempt {} of {})", rootMessage(e),
                        attempt + 1, ATTEMPTS);
                pause(attempt);
            }
        }
    }

    /** Waits before attempt {@code attempt + 1}, so contending transactions spread out instead of colliding again. */
    private static void pause(int attempt) {
        long base = FIRST_PAUSE_MILLIS << Math.min(attempt - 1, 6);
        try {
            Thread.sleep(base + java.util.concurrent.ThreadLocalRandom.current().nextLong(base + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to run a transaction again", e);
        }
    }

    /**
     * A lock timeout (40XL1) or a deadlock (40001): the transaction was rolled back and may simply run again. Also
     * Derby's own ClassCastException inside a compiled statement (XJ001, seen once in the fuzz run on a plain SELECT
     * while other threads ran the same statement: a shared plan being recompiled under it); the statement did
     * nothing, the transaction is rolled back, and the next run gets a consistent plan.
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && ("40XL1".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && "XJ001".equals(sql.getSQLState()) && derbyClassCast(sql)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the Java exception Derby wraps is a ClassCastException between Derby's own classes. */
    private static boolean derbyClassCast(java.sql.SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClassCastException c && c.getMessage() != null && c.getMessage().startsWith("class org.apache.derby.")) {
                return true;
            }
        }
        String m = e.getMessage();
        return m != null && m.contains("class org.apache.derby.") && m.contains("java.lang.ClassCastException");
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
