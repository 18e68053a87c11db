package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionsTest {
    private final Database database = Database.inMemory();
    private final Transactions tx = new Transactions(database);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void writeShouldRunATransactionAgainThatTheDatabaseRolledBackForALockTimeout() {
        AtomicInteger runs = new AtomicInteger();

        String result = tx.write(s -> {
            if (runs.incrementAndGet() == 1) {
                throw new PersistenceException(new SQLException("A lock could not be obtained within the time requested", "40XL1"));
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(runs).hasValue(2);
    }

    @Test
    void writeShouldGiveUpAfterThreeDeadlocks() {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> tx.write(s -> {
            runs.incrementAndGet();
            throw new PersistenceException(new SQLException("deadlock", "40001"));
        })).isInstanceOf(PersistenceException.class);
        assertThat(runs).hasValue(Transactions.ATTEMPTS);
    }

    @Test
    void writeShouldNotRunAgainAFailureThatWouldRepeat() {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> tx.write(s -> {
            runs.incrementAndGet();
            throw new PersistenceException(new SQLException("duplicate key", "23505"));
        })).isInstanceOf(PersistenceException.class);
        assertThat(runs).hasValue(1);
    }

    @Test
    void writeShouldRunAgainAfterDerbysOwnClassCastInACompiledStatementButNotAfterOtherJavaExceptions() {
        AtomicInteger runs = new AtomicInteger();
        String derbyRace = "Java exception: 'class org.apache.derby.iapi.sql.execute.ExecRowBuilder cannot be cast to class"
                + " org.apache.derby.iapi.store.access.StaticCompiledOpenConglomInfo: java.lang.ClassCastException'.";

        String result = tx.write(s -> {
            if (runs.incrementAndGet() == 1) {
                throw new PersistenceException(new SQLException(derbyRace, "XJ001"));
            }
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(runs).hasValue(2);
        assertThat(Transactions.isTransient(new PersistenceException(new SQLException("Java exception: 'x: java.lang.NullPointerException'.",
                "XJ001")))).isFalse();
    }

    @Test
    void openShouldSetTheLockTimeoutsAndIdentityPreallocation() throws Exception {
        try (var c = database.sessions().openSession(true).getConnection();
             var query = c.prepareStatement("VALUES SYSCS_UTIL.SYSCS_GET_DATABASE_PROPERTY(?)")) {
            query.setString(1, "derby.locks.waitTimeout");
            try (var r = query.executeQuery()) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("15");
            }
            query.setString(1, "derby.language.sequence.preallocator");
            try (var r = query.executeQuery()) {
                r.next();
                assertThat(r.getString(1)).isEqualTo("1000");
            }
        }
    }
}
