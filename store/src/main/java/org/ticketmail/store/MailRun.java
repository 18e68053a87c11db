package org.ticketmail.store;

import java.util.Objects;
import java.util.Set;

/**
 * What recording a mail decided, kept for the steps after recording, and which of them have finished.
 *
 * @param outcome what the recording step handed on to the later steps, as it wrote it
 * @param done the names of the later steps that finished (distribute, answer, alert), and complete or failed
 * @param bootId the start of the appliance that recorded it (null for runs written before version 6)
 */
public record MailRun(String messageKey, String ticketNumber, long historyId, String outcome, Set<String> done, String bootId) {
    public MailRun {
        Objects.requireNonNull(messageKey, "messageKey");
        Objects.requireNonNull(outcome, "outcome");
        done = Set.copyOf(done);
    }
}
