package org.ticketmail.sla;

import org.slf4j.Logger;

/** One ticket's part of a run over many: a ticket that fails is logged, and the run goes on with the others. */
final class PerTicket {
    private PerTicket() {
    }

    /** Runs {@code part} for ticket {@code number}; what it throws is logged with {@code what} ("SLA evaluation"). */
    static void run(Logger logger, String what, String number, Runnable part) {
        try {
            part.run();
        } catch (RuntimeException e) {
            logger.warn("ticket={} {} failed; the other tickets go on, and it is tried again at the next run", number, what, e);
        }
    }
}
