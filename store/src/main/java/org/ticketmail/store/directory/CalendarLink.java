package org.ticketmail.store.directory;

import java.util.Objects;

/**
 * Where a technician's scheduled work goes, as set by an employee's {@code calendar:} block in
 * {@code conf/directory.yaml}, e.g. {@code calendar: {mode: google, id: alice@helpdesk.test}}.
 *
 * @param mode how events reach the technician
 * @param id what the mode needs: a Google calendar id for {@link Mode#GOOGLE}, a mail address
 *     (lower-cased) for {@link Mode#GUEST} and {@link Mode#ICAL}
 */
public record CalendarLink(Mode mode, String id) {
    /** Written in lower case in YAML ({@code google}, {@code guest}, {@code ical}); any case is accepted. */
    public enum Mode {
        /**
         * The event goes on the technician's own Google calendar whose id is {@code id} (a calendar id,
         * often the technician's address). {@code id} is required.
         */
        GOOGLE,
        /**
         * The event goes on the support calendar with the technician invited as a guest at the address
         * {@code id} (default: the employee's first address).
         */
        GUEST,
        /**
         * iTIP/iMIP invitations (RFC 5545/6047) are mailed to the address {@code id} (default: the
         * employee's first address).
         */
        ICAL
    }

    public CalendarLink {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("calendar id is blank");
        }
    }
}
