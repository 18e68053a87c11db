package org.ticketmail.store.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.ticketmail.store.TicketStatus;

/**
 * What an SLA looks at in a ticket's life: when it opened, the statuses it went through, when its customers
 * wrote, when the help desk answered them, and when anybody worked on it. Built from the history and the status
 * changes; the gateway's own mails (acknowledgments, alerts, warnings) are neither answers nor work. Immutable.
 *
 * @param statuses the status from each instant on, oldest first; the first is at {@code created}
 * @param customerMails the public mails of the ticket's customers, oldest first
 * @param answers the public mails of employees (an internal note answers no customer), oldest first
 * @param work every mail and status change but the gateway's own, oldest first
 */
public record Timeline(String ticketNumber, Instant created, List<StatusAt> statuses, List<Instant> customerMails,
                       List<Instant> answers, List<Instant> work) {
    /** The ticket is in {@code status} from {@code at} on (until the next one). */
    public record StatusAt(Instant at, TicketStatus status) {
        public StatusAt {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(status, "status");
        }
    }

    public Timeline {
        Objects.requireNonNull(ticketNumber, "ticketNumber");
        Objects.requireNonNull(created, "created");
        if (statuses.isEmpty() || !statuses.get(0).at().equals(created)) {
            throw new IllegalArgumentException("a timeline's first status is at its creation " + created + ": " + statuses);
        }
        statuses = sorted(statuses);
        customerMails = List.copyOf(customerMails.stream().sorted().toList());
        answers = List.copyOf(answers.stream().sorted().toList());
        work = List.copyOf(work.stream().sorted().toList());
    }

    private static List<StatusAt> sorted(List<StatusAt> statuses) {
        List<StatusAt> out = new ArrayList<>(statuses);
        out.sort(Comparator.comparing(StatusAt::at)); // stable: changes at one instant keep their order
        return List.copyOf(out);
    }

    /** The status at {@code at}: the last that started at or before it. */
    public TicketStatus statusAt(Instant at) {
        TicketStatus s = statuses.get(0).status();
        for (StatusAt x : statuses) {
            if (x.at().isAfter(at)) {
                break;
            }
            s = x.status();
        }
        return s;
    }

    /** The status now: the last one. */
    public TicketStatus status() {
        return statuses.get(statuses.size() - 1).status();
    }

    /** A ticket that opened at {@code created} in {@code status}, with nothing after: for tests and tools. */
    public static Builder opened(String ticketNumber, Instant created, TicketStatus status) {
        return new Builder(ticketNumber, created, status);
    }

    /** Collects a timeline's events in any order. */
    public static final class Builder {
        private final String ticketNumber;
        private final Instant created;
        private final List<StatusAt> statuses = new ArrayList<>();
        private final List<Instant> customerMails = new ArrayList<>();
        private final List<Instant> answers = new ArrayList<>();
        private final List<Instant> work = new ArrayList<>();
        private Instant measuredFrom;

        private Builder(String ticketNumber, Instant created, TicketStatus status) {
            this.ticketNumber = ticketNumber;
            this.created = created;
            statuses.add(new StatusAt(created, status));
            work.add(created);
        }

        public Builder status(Instant at, TicketStatus status) {
            statuses.add(new StatusAt(at, status));
            work.add(at);
            return this;
        }

        public Builder customerMail(Instant at) {
            customerMails.add(at);
            work.add(at);
            return this;
        }

        public Builder answer(Instant at) {
            answers.add(at);
            work.add(at);
            return this;
        }

        /** Work that is neither a customer's mail nor an answer: an internal note. */
        public Builder note(Instant at) {
            work.add(at);
            return this;
        }

        /**
         * Measures the ticket from {@code at} on (an imported ticket, from its import): what came before is dropped, and the
         * ticket counts as opened then, in the status it had then.
         */
        public Builder measuredFrom(Instant at) {
            measuredFrom = at;
            return this;
        }

        public Timeline build() {
            if (measuredFrom == null || !measuredFrom.isAfter(created)) {
                return new Timeline(ticketNumber, created, statuses, customerMails, answers, work);
            }
            Timeline whole = new Timeline(ticketNumber, created, statuses, customerMails, answers, work);
            List<StatusAt> later = new ArrayList<>();
            later.add(new StatusAt(measuredFrom, whole.statusAt(measuredFrom)));
            whole.statuses().stream().filter(s -> s.at().isAfter(measuredFrom)).forEach(later::add);
            List<Instant> laterWork = new ArrayList<>(from(whole.work()));
            laterWork.add(measuredFrom);
            return new Timeline(ticketNumber, measuredFrom, later, from(whole.customerMails()), from(whole.answers()), laterWork);
        }

        private List<Instant> from(List<Instant> instants) {
            return instants.stream().filter(i -> !i.isBefore(measuredFrom)).toList();
        }
    }
}
