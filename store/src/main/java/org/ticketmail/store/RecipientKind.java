package org.ticketmail.store;

import java.util.Locale;

/** How a ticket recipient receives ticket mail: an external recipient in To, Cc or Bcc, or an employee. */
public enum RecipientKind {
    TO, CC, BCC, EMPLOYEE;

    /** The name used in the JSON view: to, cc, bcc, employee. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
