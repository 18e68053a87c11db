-- ticketmail schema, version 6: which start of the appliance wrote a mail's run, so only a run left by
-- an earlier start (a crash) is finished on redelivery, not one a second copy of the mail meets while
-- the first is still on its way. Statements end with ';' at the end of a line.
ALTER TABLE mail_runs ADD COLUMN boot_id VARCHAR(64);
