-- ticketmail schema, version 7 (issue 10): which rule tied each history entry to its ticket (subject number,
-- signed reference, new ticket, refused); addresses whose mail bounced permanently, which the gateway stops
-- sending to until mail arrives from them or an admin clears them; and when an admin released a held mail.
-- Statements end with ';' at the end of a line.
ALTER TABLE history ADD COLUMN threading VARCHAR(32);
CREATE TABLE failing_addresses (
  address VARCHAR(320) NOT NULL PRIMARY KEY,
  failed_at TIMESTAMP NOT NULL,
  status VARCHAR(16) NOT NULL,
  diagnostic VARCHAR(2000),
  ticket_number VARCHAR(32),
  held_id BIGINT
);
ALTER TABLE held_mail ADD COLUMN released_at TIMESTAMP;
