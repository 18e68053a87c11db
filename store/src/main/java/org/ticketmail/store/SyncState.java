package org.ticketmail.store;

import java.time.Instant;

/** Where the incremental sync of a calendar stands: its token, when it last succeeded, and the last error. */
public record SyncState(String calendarId, String syncToken, Instant syncedAt, String lastError) {
}
