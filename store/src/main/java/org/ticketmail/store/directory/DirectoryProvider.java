package org.ticketmail.store.directory;

/** Where the current directory comes from: the reloading file in the appliance, a fixed one in tools and tests. */
@FunctionalInterface
public interface DirectoryProvider {
    Directory current();

    static DirectoryProvider of(Directory directory) {
        return () -> directory;
    }
}
