package org.ticketmail.assembly;

import org.ticketmail.mailets.Gateway;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.DirectoryProvider;

import com.google.inject.AbstractModule;

/**
 * Gives our mailets their collaborators inside James' injector (James binds the Clock itself): the store,
 * the directory, and the {@link Gateway} configured once in conf/ticketmail.properties.
 */
final class TicketmailModule extends AbstractModule {
    private final TicketStore store;
    private final DirectoryProvider directories;
    private final Gateway gateway;

    TicketmailModule(TicketStore store, DirectoryProvider directories, Gateway gateway) {
        this.store = store;
        this.directories = directories;
        this.gateway = gateway;
    }

    @Override
    protected void configure() {
        bind(TicketStore.class).toInstance(store);
        bind(DirectoryProvider.class).toInstance(directories);
        bind(Gateway.class).toInstance(gateway);
    }
}
