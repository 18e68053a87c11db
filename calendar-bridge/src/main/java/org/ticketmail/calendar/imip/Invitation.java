package org.ticketmail.calendar.imip;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

import org.ticketmail.calendar.TimeSpan;

/**
 * What an iMIP invitation (or its cancellation) says: one event, one organizer (the support address), one
 * attendee (the technician). See {@link Imip#request} and {@link Imip#cancel}.
 *
 * @param uid the event's UID, the same in every request and cancel for it, e.g. {@code ticket-2611-1000@helpdesk.test}
 * @param sequence 0 for the first request; the caller raises it with each change and for the cancel
 * @param organizerAddress a bare address without {@code mailto:}, e.g. {@code support@helpdesk.test}
 * @param organizerName shown as the organizer's name (CN); null for none
 * @param attendeeAddress a bare address without {@code mailto:}
 * @param attendeeName shown as the attendee's name (CN); null for none
 * @param title the SUMMARY
 * @param description the DESCRIPTION; null is empty
 * @param span when
 * @param stamp when this version was made (DTSTAMP)
 */
public record Invitation(String uid, int sequence, String organizerAddress, String organizerName,
                         String attendeeAddress, String attendeeName, String title, String description,
                         TimeSpan span, Instant stamp) {
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>\"(),:;\\[\\]\\\\]+@[^\\s@<>\"(),:;\\[\\]\\\\]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    public Invitation {
        Objects.requireNonNull(uid, "uid");
        if (uid.isBlank() || CONTROL.matcher(uid).find()) {
            throw new IllegalArgumentException("an event UID is one line of visible text: '" + uid + "'");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("an event SEQUENCE is 0 or more: " + sequence);
        }
        checkAddress("organizerAddress", organizerAddress);
        checkAddress("attendeeAddress", attendeeAddress);
        organizerName = name("organizerName", organizerName);
        attendeeName = name("attendeeName", attendeeName);
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("the invitation of UID " + uid + " has a blank title");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(stamp, "stamp");
    }

    private static void checkAddress(String what, String address) {
        Objects.requireNonNull(address, what);
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException(
                    what + " '" + address + "' is not a bare mail address, e.g. support@helpdesk.test");
        }
    }

    /** {@code name}, null when blank. */
    private static String name(String what, String name) {
        if (name != null && CONTROL.matcher(name).find()) {
            throw new IllegalArgumentException(what + " is one line without control characters: '" + name + "'");
        }
        return name == null || name.isBlank() ? null : name;
    }
}
