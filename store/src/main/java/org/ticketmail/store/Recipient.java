package org.ticketmail.store;

import java.util.Locale;
import java.util.Objects;

/**
 * A recipient of a ticket's mail.
 *
 * @param address lower-cased mail address (for an employee: the address they receive ticket mail at)
 * @param employeeId the employee's directory id for {@link RecipientKind#EMPLOYEE}, else null
 */
public record Recipient(String address, RecipientKind kind, String employeeId) {
    public Recipient {
        Objects.requireNonNull(address, "address");
        address = address.trim().toLowerCase(Locale.ROOT);
        Objects.requireNonNull(kind, "kind");
        if ((kind == RecipientKind.EMPLOYEE) != (employeeId != null)) {
            throw new IllegalArgumentException("an employee recipient needs an employee id, an external one none: " + address);
        }
    }

    public static Recipient external(String address, RecipientKind kind) {
        return new Recipient(address, kind, null);
    }

    public static Recipient employee(String employeeId, String address) {
        return new Recipient(address, RecipientKind.EMPLOYEE, employeeId);
    }

    public boolean isEmployee() {
        return kind == RecipientKind.EMPLOYEE;
    }
}
