-- ticketmail schema, version 10 (issue 13): the SLA warnings the gateway noticed and sent. A breach is known by its
-- ticket, its kind and the instant its clock started (the customer's mail, the last work, the ticket's opening; worked
-- out again from the history at every evaluation, and not moved by an edit of conf/sla.yaml), so one breach is warned
-- of once. The row and its history entry are written in one transaction before the mail goes out; sent_at
-- is set once James has the mail, so a warning noticed but not sent when the process died goes out at the next
-- evaluation. Statements end with ';' at the end of a line.
CREATE TABLE sla_warnings (
  ticket_number VARCHAR(32) NOT NULL REFERENCES tickets (ticket_number),
  kind VARCHAR(16) NOT NULL,
  clock_start TIMESTAMP NOT NULL,
  noticed_at TIMESTAMP NOT NULL,
  recipients VARCHAR(2000) NOT NULL,
  history_id BIGINT,
  sent_at TIMESTAMP,
  PRIMARY KEY (ticket_number, kind, clock_start)
);

CREATE INDEX sla_warnings_unsent ON sla_warnings (sent_at);

-- Ticket limits count a contact's tickets; work-unit totals and the automatic closing's look-back read changes by field
-- and time.
CREATE INDEX tickets_contact ON tickets (contact_address);
CREATE INDEX ticket_changes_field_time ON ticket_changes (field, changed_at);
