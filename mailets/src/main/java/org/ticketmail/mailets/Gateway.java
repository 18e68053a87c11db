package org.ticketmail.mailets;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who the gateway is, configured once in {@code conf/ticketmail.properties} and bound once for every
 * mailet that needs it: the support addresses (the first is the From of everything the gateway sends),
 * the support name, the ticket tag in subjects, and the dispatcher who manages tickets nobody else
 * would. Immutable.
 *
 * @param supportAddresses lower-cased, at least one
 * @param dispatcher the employee id that manages a new customer ticket whose account names no active
 *     default ticket manager (and tickets of unknown senders); empty: such tickets have no manager
 * @param threadIds signs the Message-IDs of what the gateway sends and checks those that replies name
 */
public record Gateway(List<String> supportAddresses, String supportName, TicketTag tag, Optional<String> dispatcher,
                      ThreadIds threadIds) {
    public Gateway {
        supportAddresses = supportAddresses.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).toList();
        if (supportAddresses.isEmpty()) {
            throw new IllegalArgumentException("the gateway needs at least one support address");
        }
        Objects.requireNonNull(supportName, "supportName");
        Objects.requireNonNull(tag, "tag");
        dispatcher = dispatcher == null ? Optional.empty() : dispatcher.filter(d -> !d.isBlank());
        Objects.requireNonNull(threadIds, "threadIds");
    }

    /** With a threading key made now, valid in this process only: for tests and tools. */
    public Gateway(List<String> supportAddresses, String supportName, TicketTag tag, Optional<String> dispatcher) {
        this(supportAddresses, supportName, tag, dispatcher, ThreadIds.random());
    }

    /** One support address, the default tag, the name Support, no dispatcher: for tests and tools. */
    public static Gateway of(String supportAddress) {
        return new Gateway(List.of(supportAddress), "Support", TicketTag.defaults(), Optional.empty());
    }

    public Gateway withDispatcher(String employeeId) {
        return new Gateway(supportAddresses, supportName, tag, Optional.of(employeeId), threadIds);
    }

    /** A new signed Message-ID for a mail of the ticket that the gateway sends. */
    public String newMessageId(String ticketNumber) {
        return threadIds.newId(ticketNumber, supportAddress());
    }

    /** The address everything the gateway sends comes from. */
    public String supportAddress() {
        return supportAddresses.get(0);
    }

    public boolean isSupportAddress(String address) {
        return address != null && supportAddresses.contains(address.trim().toLowerCase(Locale.ROOT));
    }
}
