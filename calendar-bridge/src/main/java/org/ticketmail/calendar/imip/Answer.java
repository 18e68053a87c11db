package org.ticketmail.calendar.imip;

import java.util.Objects;

import org.ticketmail.calendar.TimeSpan;

/**
 * An attendee's answer to an invitation, as {@link Imip#read} finds it in a REPLY or COUNTER.
 *
 * @param method the METHOD upper-cased: "REPLY", "COUNTER", or whatever else the text said
 * @param uid the UID of the event answered
 * @param sequence the SEQUENCE the answer refers to; 0 when the text has none
 * @param attendeeAddress who answers: lower-cased, without {@code mailto:}
 * @param partStat the attendee's PARTSTAT upper-cased (ACCEPTED, DECLINED, TENTATIVE, DELEGATED, ...), or null
 * @param proposed the times a COUNTER proposes, else null
 * @param comment the attendee's COMMENT, or null
 */
public record Answer(String method, String uid, int sequence, String attendeeAddress, String partStat,
                     TimeSpan proposed, String comment) {
    public Answer {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(attendeeAddress, "attendeeAddress");
        if (sequence < 0) {
            throw new IllegalArgumentException("an event SEQUENCE is 0 or more: " + sequence);
        }
    }

    public boolean isReply() {
        return "REPLY".equals(method);
    }

    public boolean isCounter() {
        return "COUNTER".equals(method);
    }
}
