package org.ticketmail.quote;

/**
 * The reply text of a mail.
 *
 * @param note null, or what the stripper wants recorded, e.g. that it kept the full text
 */
public record Stripped(String text, String note) {
}
