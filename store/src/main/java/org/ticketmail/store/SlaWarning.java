package org.ticketmail.store;

import java.time.Instant;

/**
 * An SLA breach the gateway noticed and warned of (or is about to: {@code sentAt} null).
 *
 * @param kind the breach kind's JSON name: response, lifetime, inactivity, open-tickets
 * @param clockStart when the clock that ran out started ({@link org.ticketmail.store.sla.Breach#origin()})
 * @param recipients who the warning went to, comma-separated
 * @param historyId the history entry that records the warning
 */
public record SlaWarning(String ticketNumber, String kind, Instant clockStart, Instant noticedAt, String recipients, Long historyId,
                         Instant sentAt) {
}
