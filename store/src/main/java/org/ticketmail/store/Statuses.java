package org.ticketmail.store;

import java.util.function.Supplier;

/** The status map in force: {@code conf/statuses.yaml} as last loaded (it reloads when edited), or a fixed one. */
public final class Statuses implements Supplier<StatusMap> {
    private final Supplier<StatusMap> source;

    public Statuses(Supplier<StatusMap> source) {
        this.source = source;
    }

    public static Statuses fixed(StatusMap map) {
        return new Statuses(() -> map);
    }

    @Override
    public StatusMap get() {
        return source.get();
    }
}
