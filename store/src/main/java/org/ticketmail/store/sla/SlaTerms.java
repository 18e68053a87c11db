package org.ticketmail.store.sla;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One service level of {@code conf/sla.yaml} (seed 004, "SLA"): the limits it sets and the hours in which its
 * clocks run. Immutable.
 *
 * @param response the longest a customer's mail may wait for an answer, in business time; empty: no limit
 * @param lifetime the longest a ticket may stay open, in business time; empty: no limit
 * @param inactivity the longest a ticket may go without any work on it (a mail, a status change), in business
 *     time; empty: no limit
 * @param maxOpenTickets the most tickets of one account open at once (counted as {@code type} says); 0: no limit
 * @param startMinute when the SLA's day starts, in minutes after midnight
 * @param endMinute when it ends, in minutes after midnight, after {@code startMinute}; 1440 is midnight at the end
 * @param weekendsOff Saturdays and Sundays do not count
 * @param holidaysOff the holidays of conf/holidays.txt do not count
 * @param escalation addresses told of each of this level's breaches besides the ticket's owner
 * @param ticketLimits how many tickets one contact may have open, and open in a year
 */
public record SlaTerms(String id, String name, SlaType type, Optional<Duration> response, Optional<Duration> lifetime,
                       Optional<Duration> inactivity, int maxOpenTickets, int startMinute, int endMinute, boolean weekendsOff,
                       boolean holidaysOff, List<String> escalation, TicketLimits ticketLimits) {
    public SlaTerms {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(inactivity, "inactivity");
        if (maxOpenTickets < 0) {
            throw new IllegalArgumentException("maxOpenTickets is not negative: " + maxOpenTickets);
        }
        if (startMinute < 0 || endMinute > 24 * 60 || startMinute >= endMinute) {
            throw new IllegalArgumentException("the SLA's hours end after they start, within one day: " + startMinute + "-" + endMinute);
        }
        escalation = List.copyOf(escalation);
        Objects.requireNonNull(ticketLimits, "ticketLimits");
    }

    /** Every hour of every day counts, no limits: for tests that set the limits they need. */
    public static SlaTerms allHours(String id, SlaType type) {
        return new SlaTerms(id, id, type, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, 24 * 60, false, false, List.of(),
                TicketLimits.NONE);
    }

    public SlaTerms withResponse(Duration d) {
        return new SlaTerms(id, name, type, Optional.of(d), lifetime, inactivity, maxOpenTickets, startMinute, endMinute, weekendsOff,
                holidaysOff, escalation, ticketLimits);
    }

    public SlaTerms withLifetime(Duration d) {
        return new SlaTerms(id, name, type, response, Optional.of(d), inactivity, maxOpenTickets, startMinute, endMinute, weekendsOff,
                holidaysOff, escalation, ticketLimits);
    }

    public SlaTerms withInactivity(Duration d) {
        return new SlaTerms(id, name, type, response, lifetime, Optional.of(d), maxOpenTickets, startMinute, endMinute, weekendsOff,
                holidaysOff, escalation, ticketLimits);
    }

    public SlaTerms withHours(int startMinute, int endMinute, boolean weekendsOff, boolean holidaysOff) {
        return new SlaTerms(id, name, type, response, lifetime, inactivity, maxOpenTickets, startMinute, endMinute, weekendsOff,
                holidaysOff, escalation, ticketLimits);
    }

    public SlaTerms withMaxOpenTickets(int max) {
        return new SlaTerms(id, name, type, response, lifetime, inactivity, max, startMinute, endMinute, weekendsOff, holidaysOff,
                escalation, ticketLimits);
    }

    public SlaTerms withTicketLimits(TicketLimits limits) {
        return new SlaTerms(id, name, type, response, lifetime, inactivity, maxOpenTickets, startMinute, endMinute, weekendsOff,
                holidaysOff, escalation, limits);
    }

    /** "09:00-18:00, weekends off, holidays off", as the status page and the warning say it. */
    public String hoursText() {
        StringBuilder s = new StringBuilder(startMinute == 0 && endMinute == 24 * 60 ? "all day"
                : clock(startMinute) + "-" + clock(endMinute));
        s.append(weekendsOff ? ", weekends off" : ", weekends count");
        s.append(holidaysOff ? ", holidays off" : "");
        return s.toString();
    }

    private static String clock(int minute) {
        return String.format("%02d:%02d", minute / 60, minute % 60);
    }
}
