package org.ticketmail.assembly;

import java.time.Clock;

import org.ticketmail.store.CalendarLedger;
import org.ticketmail.store.Database;
import org.ticketmail.store.DirectoryMirror;
import org.ticketmail.store.FailingAddresses;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.MailRuns;
import org.ticketmail.store.MessageIds;
import org.ticketmail.store.TicketCounter;
import org.ticketmail.store.TicketStore;

/** The store's parts over one database, as the appliance wires them: each job its own class. */
record Stores(TicketStore tickets, TicketCounter counter, MessageIds messageIds, HeldMails held, DirectoryMirror mirror,
              CalendarLedger calendar, MailRuns runs, FailingAddresses failing, org.ticketmail.store.SlaLedger sla) {
    static Stores open(Database database, Clock clock, long firstNumber) {
        TicketCounter counter = new TicketCounter(database, clock, firstNumber);
        return new Stores(new TicketStore(database, clock, counter), counter, new MessageIds(database, clock),
                new HeldMails(database, clock), new DirectoryMirror(database), new CalendarLedger(database, clock),
                new MailRuns(database), new FailingAddresses(database, clock), new org.ticketmail.store.SlaLedger(database, clock));
    }
}
