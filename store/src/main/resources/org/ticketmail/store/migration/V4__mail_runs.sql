-- ticketmail schema, version 4: what each recorded mail still has to do (issue 10). Written in the
-- transaction that records the mail, so a mail redelivered after a crash finishes what its first run
-- did not, instead of being held as a repeat. Statements end with ';' at the end of a line.
CREATE TABLE mail_runs (
  message_key VARCHAR(256) NOT NULL PRIMARY KEY,
  ticket_number VARCHAR(32) NOT NULL REFERENCES tickets (ticket_number),
  history_id BIGINT NOT NULL,
  outcome CLOB NOT NULL,
  steps_done VARCHAR(200) NOT NULL DEFAULT '',
  recorded_at TIMESTAMP NOT NULL
);
