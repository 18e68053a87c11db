package org.ticketmail.store.directory;

import java.util.List;
import java.util.Optional;

/**
 * A customer account: its mail domains and contacts, and the employees responsible for it.
 *
 * @param accountManager employee id, or null
 * @param defaultTicketManager employee id of the manager of new tickets, or null
 * @param sla the id of its service level in conf/sla.yaml, {@code none} for none, or null for the file's default
 */
public record Account(String id, String name, List<String> domains, List<Contact> contacts,
                      String accountManager, String defaultTicketManager, String sla) {
    /** An account with the default service level. */
    public Account(String id, String name, List<String> domains, List<Contact> contacts, String accountManager,
                   String defaultTicketManager) {
        this(id, name, domains, contacts, accountManager, defaultTicketManager, null);
    }

    public Account {
        domains = List.copyOf(domains);
        contacts = List.copyOf(contacts);
    }

    public Optional<Contact> contact(String address) {
        return contacts.stream().filter(c -> c.address().equalsIgnoreCase(address)).findFirst();
    }

    public Optional<Contact> mainContact() {
        return contacts.stream().filter(Contact::main).findFirst();
    }
}
