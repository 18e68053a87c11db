package org.ticketmail.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.ticketmail.store.mapper.TicketMapper;

/**
 * Addresses that bounced permanently (issue 10): marked from a delivery status notification, across tickets;
 * the gateway stops sending to them until a mail arrives from the address or an admin clears it. Addresses are
 * compared lower-cased. Thread-safe.
 *
 * <p>Every mail asks whether its sender is failing and every sending step which of its recipients are, so the
 * addresses are also kept in memory: read once when this is made, and changed after each mark or clear commits (the
 * two one at a time, so the set follows the table's order of changes). This is the only writer of the table (one per
 * database, see {@code Stores}); the rows stay the record, the set only spares the queries.
 */
public final class FailingAddresses {
    private final Transactions tx;
    private final Clock clock;
    private final Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FailingAddresses(Database database, Clock clock) {
        this.tx = new Transactions(database);
        this.clock = clock;
        failing.addAll(tx.read(s -> s.getMapper(TicketMapper.class).allFailing()));
    }

    /**
     * Marks the address failing and, in the same transaction, adds {@code note} to the ticket's history when the
     * address was not failing before; an address failing already gets the newer status only (a bounce delivered
     * twice adds one note). Returns whether the address was newly marked.
     */
    public synchronized boolean mark(String address, String status, String diagnostic, String ticketNumber, NewHistoryEntry note) {
        String key = key(address);
        boolean marked = tx.write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            Instant now = clock.instant();
            FailingAddress row = new FailingAddress(key, now, Transactions.truncate(status, 16), Transactions.truncate(diagnostic, 2000),
                    Transactions.truncate(ticketNumber, 32));
            if (m.failingAddress(key) != null) {
                m.updateFailing(row);
                return false;
            }
            m.insertFailing(row);
            if (ticketNumber != null && note != null && m.ticket(ticketNumber) != null) {
                TicketStore.insertEntry(m, ticketNumber, note, now);
            }
            return true;
        });
        failing.add(key);
        return marked;
    }

    public Optional<FailingAddress> find(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String key = key(address);
        if (!failing.contains(key)) {
            return Optional.empty(); // most senders: no query
        }
        return tx.read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).failingAddress(key)));
    }

    /** Which of the addresses are failing, lower-cased; from memory, no query. */
    public Set<String> among(Collection<String> addresses) {
        if (failing.isEmpty()) {
            return Set.of();
        }
        Set<String> found = new HashSet<>();
        for (String address : addresses) {
            if (address != null && !address.isBlank()) {
                String key = key(address);
                if (failing.contains(key)) {
                    found.add(key);
                }
            }
        }
        return found;
    }

    /** Clears the mark; false when the address was not failing. */
    public synchronized boolean clear(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        String key = key(address);
        boolean cleared = tx.write(s -> s.getMapper(TicketMapper.class).deleteFailing(key) == 1);
        failing.remove(key);
        return cleared;
    }

    /** The failing addresses, the most recently failed first, at most {@code limit}. */
    public List<FailingAddress> list(int limit) {
        return tx.read(s -> new ArrayList<>(s.getMapper(TicketMapper.class).failingAddresses(limit)));
    }

    public long count() {
        return tx.read(s -> s.getMapper(TicketMapper.class).countFailing());
    }

    private static String key(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
