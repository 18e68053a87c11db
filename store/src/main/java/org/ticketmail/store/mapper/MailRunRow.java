package org.ticketmail.store.mapper;

/** A row of mail_runs. */
public record MailRunRow(String ticketNumber, long historyId, String outcome, String stepsDone, String bootId) {
}
