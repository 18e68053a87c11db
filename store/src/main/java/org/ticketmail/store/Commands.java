package org.ticketmail.store;

import java.util.List;
import java.util.Objects;

/**
 * The commands of one mail, to apply all together or not at all.
 *
 * @param actorId the employee who sent them
 * @param mayCloseAny whether the employee may close tickets they do not manage
 * @param map which status may follow which
 */
public record Commands(String actorId, boolean mayCloseAny, StatusMap map, List<Requested> requested) {
    /** One command line and the change it asks for. */
    public record Requested(String line, TicketChange change) {
        public Requested {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(change, "change");
        }
    }

    public Commands {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(map, "map");
        requested = List.copyOf(requested);
    }
}
