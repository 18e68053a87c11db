package org.ticketmail.store;

import java.time.Instant;
import java.util.Objects;

/**
 * When a ticket is scheduled and for whom.
 *
 * @param technicianId the employee who does the work (the ticket's manager when it was scheduled)
 * @param label the slot as people read it, in calendar.timezone, e.g. "Tue 2026-12-01 14:00–15:30 (Europe/Berlin)"
 */
public record Schedule(String technicianId, Instant start, Instant end, String label) {
    public Schedule {
        Objects.requireNonNull(technicianId, "technicianId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(label, "label");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a schedule ends after it starts: " + start + " .. " + end);
        }
    }

    public Schedule withTechnician(String id) {
        return new Schedule(id, start, end, label);
    }

    /** How the history shows it: {@code Tue 2026-12-01 14:00–15:30 (Europe/Berlin), alice}. */
    public String describe() {
        return label + ", " + technicianId;
    }
}
