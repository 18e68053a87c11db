-- ticketmail schema, version 9 (issue 14): why a ticket is suspected spam (its opening mail scored in the suspect
-- band: score, band, rules), or null. Statements end with ';' at the end of a line.
ALTER TABLE tickets ADD COLUMN suspect VARCHAR(2000);
