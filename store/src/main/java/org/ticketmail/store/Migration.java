package org.ticketmail.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of the schema from a version to the next. {@link Database} runs each step it does not have yet,
 * in order, in one transaction with the {@code schema_version} row that records it: a step that fails or
 * a process killed half-way leaves the database at the version before, to be migrated again at the next
 * open. Most steps are SQL ({@link #sql}); one that SQL cannot express is a Java class.
 */
interface Migration {
    /** The name {@code schema_version} records, e.g. {@code V1__initial.sql}. Never rename one that shipped. */
    String name();

    /**
     * Makes the change on {@code c}, whose transaction the caller commits or rolls back: a step must not
     * commit, roll back or change the auto-commit mode.
     */
    void apply(Connection c) throws SQLException;

    /** The step written as SQL in {@code org/ticketmail/store/migration/<name>}. */
    static Migration sql(String name) {
        return new SqlMigration(name);
    }

    /** Statements end with ';' at the end of a line; lines starting with "--" are comments. */
    record SqlMigration(String name) implements Migration {
        @Override
        public void apply(Connection c) throws SQLException {
            try (Statement statement = c.createStatement()) {
                for (String sql : statements(name)) {
                    statement.execute(sql);
                }
            }
        }

        static List<String> statements(String migration) {
            String text;
            try (InputStream in = Database.class.getResourceAsStream("migration/" + migration)) {
                if (in == null) {
                    throw new StoreException("migration " + migration + " is missing from the classpath");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StoreException("migration " + migration + ": cannot read", e);
            }
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : text.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                    continue;
                }
                current.append(line).append('\n');
                if (trimmed.endsWith(";")) {
                    String sql = current.toString().strip();
                    statements.add(sql.substring(0, sql.length() - 1));
                    current.setLength(0);
                }
            }
            if (!current.toString().isBlank()) {
                statements.add(current.toString().strip());
            }
            return statements;
        }
    }
}
