package org.ticketmail.store.sla;

import java.util.function.Supplier;

/** The service levels in force: conf/sla.yaml as last loaded (it reloads when edited), or a fixed book. */
@FunctionalInterface
public interface SlaBooks extends Supplier<SlaBook> {
    static SlaBooks fixed(SlaBook book) {
        return () -> book;
    }
}
