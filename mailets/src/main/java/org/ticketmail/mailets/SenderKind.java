package org.ticketmail.mailets;

import java.util.Locale;

/** Who sent a mail, as IdentifySender decides (seed 002, "Employee Correspondence" and "Customer Correspondence"). */
public enum SenderKind {
    /** An address exactly one active employee lists, who has the email privilege. */
    EMPLOYEE,
    /** A contact of an account, or an address in an account's domains. */
    CUSTOMER,
    /** Anyone else. */
    UNKNOWN;

    /** The attribute value: employee, customer, unknown. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SenderKind of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
