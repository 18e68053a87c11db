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
 */
public final class FailingAddresses {
    /** At most this many addresses are asked about in one query. */
    private static final int CHUNK = 200;

    private final Transactions tx;
    private final Clock clock;

    public FailingAddresses(Database database, Clock clock) {
        this.tx = new Transactions(database);
        this.clock = clock;
    }

    /**
     * Marks the address failing and, in the same transaction, adds {@code note} to the ticket's history when the
     * address was not failing before; an address failing already gets the newer status only (a bounce delivered
     * twice adds one note). Returns whether the address was newly marked.
     */
    public boolean mark(String address, String status, String diagnostic, String ticketNumber, NewHistoryEntry note) {
        String key = key(address);
        return tx.write(s -> {
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
    }

    public Optional<FailingAddress> find(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return tx.read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).failingAddress(key(address))));
    }

    /** Which of the addresses are failing, lower-cased; one query for up to 200 of them. */
    public Set<String> among(Collection<String> addresses) {
        List<String> keys = addresses.stream().filter(a -> a != null && !a.isBlank()).map(FailingAddresses::key).distinct().toList();
        if (keys.isEmpty()) {
            return Set.of();
        }
        return tx.read(s -> {
            Set<String> found = new HashSet<>();
            for (int i = 0; i < keys.size(); i += CHUNK) {
                found.addAll(s.getMapper(TicketMapper.class).failingAmong(keys.subList(i, Math.min(keys.size(), i + CHUNK))));
            }
            return found;
        });
    }

    /** Clears the mark; false when the address was not failing. */
    public boolean clear(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        return tx.write(s -> s.getMapper(TicketMapper.class).deleteFailing(key(address)) == 1);
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
