package org.ticketmail.assembly;

import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.DirectoryProvider;

import com.google.inject.AbstractModule;

/** Gives our mailets their collaborators inside James' injector (James binds the Clock itself). */
final class TicketmailModule extends AbstractModule {
    private final TicketStore store;
    private final DirectoryProvider directories;

    TicketmailModule(TicketStore store, DirectoryProvider directories) {
        this.store = store;
        this.directories = directories;
    }

    @Override
    protected void configure() {
        bind(TicketStore.class).toInstance(store);
        bind(DirectoryProvider.class).toInstance(directories);
    }
}
