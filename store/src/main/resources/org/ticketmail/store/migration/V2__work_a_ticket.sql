-- ticketmail schema, version 2: the status life cycle of seed 004, closure, locking, rating, time used,
-- and the changes technicians' commands make. Statements end with ';' at the end of a line.
ALTER TABLE tickets ADD COLUMN resolution VARCHAR(64);
ALTER TABLE tickets ADD COLUMN epilogue VARCHAR(4000);
ALTER TABLE tickets ADD COLUMN locked BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tickets ADD COLUMN rating VARCHAR(8);
ALTER TABLE tickets ADD COLUMN rating_comment VARCHAR(4000);
ALTER TABLE tickets ADD COLUMN time_used_minutes INT NOT NULL DEFAULT 0;

-- Version 1 knew new, open and closed; a ticket that was open had been reopened by a customer.
UPDATE tickets SET status = 'REOPENED' WHERE status = 'OPEN';

CREATE INDEX tickets_manager ON tickets (manager_id);
CREATE INDEX tickets_status ON tickets (status);

CREATE TABLE ticket_changes (
  id BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_number VARCHAR(32) NOT NULL REFERENCES tickets (ticket_number),
  changed_at TIMESTAMP NOT NULL,
  actor VARCHAR(128) NOT NULL,
  field VARCHAR(32) NOT NULL,
  old_value VARCHAR(4000),
  new_value VARCHAR(4000),
  history_id BIGINT REFERENCES history (id)
);

CREATE INDEX ticket_changes_ticket ON ticket_changes (ticket_number);
