package org.ticketmail.calendar;

import java.util.List;
import java.util.Objects;

/** The events of a calendar changed since a sync token, all pages read, and the token for the next sync. */
public record ChangePage(List<RemoteEvent> events, String nextSyncToken) {
    public ChangePage {
        events = List.copyOf(events);
        Objects.requireNonNull(nextSyncToken, "nextSyncToken");
    }
}
