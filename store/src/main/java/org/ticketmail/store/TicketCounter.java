package org.ticketmail.store;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.ticketmail.store.mapper.TicketMapper;

/**
 * The ticket number counter (seed 002, "Increment Automated Ticket Numbering"). Numbers read
 * {@code YYMM-NNNN}: the month the ticket was opened, then a counter shared by all tickets that starts at
 * {@code firstNumber} and only moves forward. Thread-safe.
 */
public final class TicketCounter {
    private static final String NAME = "ticket";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyMM");

    private final Transactions tx;
    private final Clock clock;

    /** Creates the counter at {@code firstNumber}, or moves it forward to it; never back. */
    public TicketCounter(Database database, Clock clock, long firstNumber) {
        if (firstNumber < 1) {
            throw new IllegalArgumentException("the first ticket number must be at least 1: " + firstNumber);
        }
        this.tx = new Transactions(database);
        this.clock = clock;
        tx.write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            Long next = m.counter(NAME);
            if (next == null) {
                m.insertCounter(NAME, firstNumber);
            } else if (next < firstNumber) {
                m.updateCounter(NAME, firstNumber);
            }
            return null;
        });
    }

    /** The counter value the next ticket will take. */
    public long next() {
        return tx.read(s -> s.getMapper(TicketMapper.class).counter(NAME));
    }

    /**
     * Moves the counter forward so the next ticket takes {@code next}; irreversible.
     *
     * @throws StoreException when {@code next} is not above the current counter
     */
    public long incrementTo(long next) {
        return tx.write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            long current = m.counter(NAME);
            if (next <= current) {
                throw new StoreException("the ticket counter only moves forward: the next ticket already takes "
                        + current + ", so give a number above it, not " + next);
            }
            m.updateCounter(NAME, next);
            return next;
        });
    }

    /** Takes the next number inside the caller's transaction, which holds the counter's row lock to its end. */
    String take(TicketMapper m, Instant now) {
        // Write first: the UPDATE holds the row lock to the end of the transaction, a SELECT ... FOR UPDATE does not.
        m.incrementCounter(NAME);
        long counter = m.counter(NAME) - 1;
        return MONTH.format(now.atZone(clock.getZone())) + "-" + String.format("%04d", counter);
    }
}
