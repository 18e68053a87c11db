-- ticketmail schema, version 5: what an admin needs to work the held mail (issue 10): its Message-ID,
-- the ticket it belongs to when one is known, and its size. Statements end with ';' at the end of a line.
ALTER TABLE held_mail ADD COLUMN message_id VARCHAR(1000);
ALTER TABLE held_mail ADD COLUMN ticket_number VARCHAR(32);
ALTER TABLE held_mail ADD COLUMN size_bytes BIGINT NOT NULL DEFAULT 0;
UPDATE held_mail SET size_bytes = LENGTH(message) WHERE message IS NOT NULL;
