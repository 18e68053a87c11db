package org.ticketmail.store.directory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An employee of the help desk, as listed in {@code conf/directory.yaml}.
 *
 * @param addresses lower-cased mail addresses; the first is the one the employee receives ticket mail at
 * @param emailPrivilege the seed's "Email Messages" privilege: without it the employee takes no part in
 *     ticket correspondence, neither sending through the gateway nor receiving from it
 * @param calendar where the technician's scheduled work goes; empty when the employee has no
 *     {@code calendar:} block (only technicians may have one)
 * @param closeAnyTicket may close tickets they do not manage (seed 004: otherwise only the owner closes)
 */
public record Employee(String id, String name, List<String> addresses, boolean active,
                       RecipientOption recipientOption, boolean emailPrivilege, boolean technician,
                       Optional<CalendarLink> calendar, boolean closeAnyTicket) {
    public Employee {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("employee " + id + " has no address");
        }
        Objects.requireNonNull(recipientOption, "recipientOption");
        calendar = calendar == null ? Optional.empty() : calendar;
    }

    /** The address distributed ticket mail goes to. */
    public String primaryAddress() {
        return addresses.get(0);
    }

    public boolean hasAddress(String address) {
        return addresses.contains(address.toLowerCase(java.util.Locale.ROOT));
    }
}
