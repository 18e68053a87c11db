package org.ticketmail.store.directory;

import java.util.Optional;

/**
 * Where the directory comes from: the reloading file in the appliance, a fixed one in tools and tests.
 *
 * <p>Every directory in force gets a generation number. A mail takes the {@link #snapshot()} at its
 * first pipeline step and asks for that same generation at every later step, so an edit of
 * {@code conf/directory.yaml} saved while the mail is between two steps does not change who its
 * sender is or who receives it.
 */
public interface DirectoryProvider {
    /** A directory with the generation it was in force as. */
    record Snapshot(long generation, Directory directory) {
    }

    /** The directory in force now. */
    Snapshot snapshot();

    /** The directory that was in force as {@code generation}, while it is remembered (the last few are). */
    Optional<Directory> generation(long generation);

    /** The directory in force now. */
    default Directory current() {
        return snapshot().directory();
    }

    /** A directory that never changes: generation 1. */
    static DirectoryProvider of(Directory directory) {
        Snapshot only = new Snapshot(1, directory);
        return new DirectoryProvider() {
            @Override
            public Snapshot snapshot() {
                return only;
            }

            @Override
            public Optional<Directory> generation(long generation) {
                return generation == 1 ? Optional.of(directory) : Optional.empty();
            }
        };
    }
}
