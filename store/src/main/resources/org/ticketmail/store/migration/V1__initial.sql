-- ticketmail schema, version 1. Statements end with ';' at the end of a line.
CREATE TABLE ticket_counter (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  next_value BIGINT NOT NULL
);

CREATE TABLE tickets (
  ticket_number VARCHAR(32) NOT NULL PRIMARY KEY,
  subject VARCHAR(2000) NOT NULL,
  account_id VARCHAR(128),
  contact_address VARCHAR(320),
  manager_id VARCHAR(128),
  status VARCHAR(32) NOT NULL,
  priority VARCHAR(32) NOT NULL,
  in_inbox BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);

CREATE INDEX tickets_updated_at ON tickets (updated_at);

CREATE TABLE ticket_recipients (
  id BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY,
  ticket_number VARCHAR(32) NOT NULL REFERENCES tickets (ticket_number),
  address VARCHAR(320) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  employee_id VARCHAR(128),
  added_at TIMESTAMP NOT NULL,
  PRIMARY KEY (ticket_number, address)
);

CREATE TABLE history (
  id BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_number VARCHAR(32) NOT NULL REFERENCES tickets (ticket_number),
  recorded_at TIMESTAMP NOT NULL,
  direction VARCHAR(8) NOT NULL,
  is_public BOOLEAN NOT NULL,
  sender VARCHAR(1000) NOT NULL,
  subject VARCHAR(2000),
  body CLOB NOT NULL,
  note VARCHAR(2000),
  message_id VARCHAR(1000),
  original BLOB
);

CREATE INDEX history_ticket ON history (ticket_number);

CREATE TABLE history_attachments (
  history_id BIGINT NOT NULL REFERENCES history (id),
  seq INT NOT NULL,
  name VARCHAR(1000) NOT NULL,
  size_bytes BIGINT NOT NULL,
  PRIMARY KEY (history_id, seq)
);

CREATE TABLE message_ids (
  message_key VARCHAR(256) NOT NULL PRIMARY KEY,
  ticket_number VARCHAR(32) NOT NULL REFERENCES tickets (ticket_number),
  recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE held_mail (
  id BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  held_at TIMESTAMP NOT NULL,
  reason VARCHAR(4000) NOT NULL,
  sender VARCHAR(320),
  recipients VARCHAR(4000),
  subject VARCHAR(2000),
  message BLOB
);

CREATE TABLE employees (
  id VARCHAR(128) NOT NULL PRIMARY KEY,
  name VARCHAR(300) NOT NULL,
  active BOOLEAN NOT NULL,
  recipient_option VARCHAR(32) NOT NULL,
  email_privilege BOOLEAN NOT NULL
);

CREATE TABLE employee_addresses (
  employee_id VARCHAR(128) NOT NULL REFERENCES employees (id),
  address VARCHAR(320) NOT NULL,
  PRIMARY KEY (employee_id, address)
);

CREATE TABLE accounts (
  id VARCHAR(128) NOT NULL PRIMARY KEY,
  name VARCHAR(300) NOT NULL,
  account_manager VARCHAR(128),
  default_ticket_manager VARCHAR(128)
);

CREATE TABLE account_domains (
  account_id VARCHAR(128) NOT NULL REFERENCES accounts (id),
  domain VARCHAR(255) NOT NULL,
  PRIMARY KEY (account_id, domain)
);

CREATE TABLE contacts (
  account_id VARCHAR(128) NOT NULL REFERENCES accounts (id),
  address VARCHAR(320) NOT NULL,
  name VARCHAR(300),
  main_contact BOOLEAN NOT NULL,
  PRIMARY KEY (account_id, address)
);
