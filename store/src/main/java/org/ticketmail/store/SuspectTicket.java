package org.ticketmail.store;

import java.time.Instant;

/** A ticket whose opening mail is suspected spam (issue 14), for the status page: when it opened, and why. */
public record SuspectTicket(String number, String subject, Instant createdAt, String why) {
}
