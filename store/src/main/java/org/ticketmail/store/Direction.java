package org.ticketmail.store;

import java.util.Locale;

/** Whether a history entry came in from a customer ({@code in}) or went out from the help desk ({@code out}). */
public enum Direction {
    IN, OUT;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
