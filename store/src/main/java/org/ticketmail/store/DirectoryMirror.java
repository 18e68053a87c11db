package org.ticketmail.store;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.Contact;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.Employee;
import org.ticketmail.store.mapper.DirectoryMapper;

/** Mirrors the directory in force into the employees, accounts and contacts tables, for reports. Thread-safe. */
public final class DirectoryMirror {
    private final Transactions tx;

    public DirectoryMirror(Database database) {
        this.tx = new Transactions(database);
    }

    /** Replaces the tables' content with {@code directory}, in one transaction. */
    public void sync(Directory directory) {
        tx.write(s -> {
            DirectoryMapper m = s.getMapper(DirectoryMapper.class);
            m.clearContacts();
            m.clearDomains();
            m.clearAccounts();
            m.clearEmployeeAddresses();
            m.clearEmployees();
            for (Employee e : directory.employees()) {
                m.insertEmployee(e.id(), e.name(), e.active(), e.recipientOption().name(), e.emailPrivilege());
                for (String address : new LinkedHashSet<>(e.addresses())) {
                    m.insertEmployeeAddress(e.id(), address);
                }
            }
            for (Account a : directory.accounts()) {
                m.insertAccount(a.id(), a.name(), a.accountManager(), a.defaultTicketManager());
                for (String domain : new LinkedHashSet<>(a.domains())) {
                    m.insertDomain(a.id(), domain);
                }
                Set<String> seen = new HashSet<>();
                for (Contact c : a.contacts()) {
                    if (seen.add(c.address())) {
                        m.insertContact(a.id(), c.address(), c.name(), c.main());
                    }
                }
            }
            return null;
        });
    }
}
