package org.ticketmail.scheduling;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ticketmail.store.directory.CalendarLink;
import org.ticketmail.store.directory.Employee;

/**
 * Where a technician's scheduled work goes, worked out from their {@code calendar:} block.
 *
 * @param mode GOOGLE: an event on {@code calendarId}, the technician's own calendar; GUEST: an event on the
 *     support calendar {@code calendarId} with the technician among {@code guests}; ICAL: invitations
 *     mailed to {@code calendarId}, the technician's address
 */
record CalendarTarget(CalendarLink.Mode mode, String calendarId, List<String> guests) {
    CalendarTarget {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(calendarId, "calendarId");
        guests = List.copyOf(guests);
    }

    boolean google() {
        return mode != CalendarLink.Mode.ICAL;
    }

    /**
     * The technician's target, or empty when they have no calendar block.
     *
     * @throws IllegalStateException for a guest technician when no support calendar is set
     */
    static Optional<CalendarTarget> of(Employee technician, Optional<String> supportCalendar) {
        if (technician.calendar().isEmpty()) {
            return Optional.empty();
        }
        CalendarLink link = technician.calendar().get();
        switch (link.mode()) {
            case GOOGLE:
                return Optional.of(new CalendarTarget(link.mode(), link.id(), List.of()));
            case GUEST:
                String support = supportCalendar.orElseThrow(() -> new IllegalStateException(technician.id()
                        + " is a guest technician, but calendar.google.supportCalendar is empty in conf/ticketmail.properties;"
                        + " set it to the support account's calendar id"));
                return Optional.of(new CalendarTarget(link.mode(), support, List.of(link.id())));
            default:
                return Optional.of(new CalendarTarget(link.mode(), link.id(), List.of()));
        }
    }
}
