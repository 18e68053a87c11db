package org.ticketmail.store;

import java.time.Instant;

/**
 * An address whose mail bounced permanently (RFC 3464, a 5.x.x status): the gateway sends it nothing until mail
 * arrives from it or an admin clears it.
 *
 * @param address lower-cased
 * @param status the DSN status, {@code 5.1.1}
 * @param diagnostic what the receiving server said, or null
 * @param ticketNumber the ticket whose mail bounced, or null
 */
public record FailingAddress(String address, Instant failedAt, String status, String diagnostic, String ticketNumber) {
}
