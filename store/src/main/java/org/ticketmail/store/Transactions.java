package org.ticketmail.store;

import java.util.function.Function;

import org.apache.ibatis.session.SqlSession;

/** Reads and one-transaction writes over the database, for the store's classes. Thread-safe. */
final class Transactions {
    private final Database database;

    Transactions(Database database) {
        this.database = database;
    }

    <T> T read(Function<SqlSession, T> work) {
        try (SqlSession s = database.sessions().openSession(true)) {
            return work.apply(s);
        }
    }

    /** Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    <T> T write(Function<SqlSession, T> work) {
        try (SqlSession s = database.sessions().openSession(false)) {
            T result = work.apply(s);
            s.commit(true);
            return result;
        }
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
