-- ticketmail schema, version 3: scheduled tickets and their calendar events (issue 9). Statements end
-- with ';' at the end of a line.

-- When a ticket is scheduled and for whom. The label is the slot as people read it, in calendar.timezone.
CREATE TABLE ticket_schedules (
  ticket_number VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES tickets (ticket_number),
  technician_id VARCHAR(64) NOT NULL,
  start_at TIMESTAMP NOT NULL,
  end_at TIMESTAMP NOT NULL,
  label VARCHAR(200) NOT NULL,
  changed_at TIMESTAMP NOT NULL
);

CREATE INDEX ticket_schedules_technician ON ticket_schedules (technician_id, start_at);

-- The event that stands for a scheduled ticket on a calendar, as last written there (or about to be:
-- written = FALSE). mode GOOGLE and GUEST: calendar_id is a Google calendar and event_id its event;
-- ICAL: calendar_id is the attendee's address and event_id the iCalendar UID.
CREATE TABLE calendar_events (
  ticket_number VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES tickets (ticket_number),
  technician_id VARCHAR(64) NOT NULL,
  mode VARCHAR(8) NOT NULL,
  calendar_id VARCHAR(320) NOT NULL,
  event_id VARCHAR(1024) NOT NULL,
  sequence_no INT NOT NULL DEFAULT 0,
  start_at TIMESTAMP NOT NULL,
  end_at TIMESTAMP NOT NULL,
  spec_digest VARCHAR(64) NOT NULL,
  written BOOLEAN NOT NULL DEFAULT FALSE,
  written_at TIMESTAMP
);

CREATE INDEX calendar_events_event ON calendar_events (event_id);

-- Tickets whose calendar has to be brought in line with the store: one row per ticket, retried with
-- backoff until the calendar took the change. version rises with every new request, so a worker that
-- finished an older one does not drop a newer.
CREATE TABLE calendar_work (
  ticket_number VARCHAR(32) NOT NULL PRIMARY KEY REFERENCES tickets (ticket_number),
  version INT NOT NULL,
  queued_at TIMESTAMP NOT NULL,
  due_at TIMESTAMP NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  last_error VARCHAR(1000)
);

CREATE INDEX calendar_work_due ON calendar_work (due_at);

-- Where the incremental sync of each watched calendar stands.
CREATE TABLE calendar_sync (
  calendar_id VARCHAR(320) NOT NULL PRIMARY KEY,
  sync_token VARCHAR(2000),
  synced_at TIMESTAMP,
  last_error VARCHAR(1000)
);
