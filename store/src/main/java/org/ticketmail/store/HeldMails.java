package org.ticketmail.store;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.ticketmail.store.mapper.BlobValue;
import org.ticketmail.store.mapper.HeldRow;
import org.ticketmail.store.mapper.TicketMapper;

/**
 * Mail that did not become ticket traffic (auto-replies, bounces, redeliveries, failures), kept whole with
 * the reason so an admin can read it. Thread-safe.
 */
public final class HeldMails {
    private final Transactions tx;
    private final Clock clock;

    public HeldMails(Database database, Clock clock) {
        this.tx = new Transactions(database);
        this.clock = clock;
    }

    /** Keeps a mail with the reason. Returns its id. */
    public long hold(String reason, String sender, String recipients, String subject, byte[] message) {
        return tx.write(s -> {
            HeldRow row = new HeldRow(clock.instant(), Transactions.truncate(reason, 4000), Transactions.truncate(sender, 320),
                    Transactions.truncate(recipients, 4000), Transactions.truncate(subject, 2000), message);
            s.getMapper(TicketMapper.class).insertHeld(row);
            return row.getId();
        });
    }

    /** The newest {@code limit} held mails, newest first. */
    public List<HeldMail> newest(int limit) {
        return tx.read(s -> s.getMapper(TicketMapper.class).held(limit));
    }

    /** The message as it was held. */
    public Optional<byte[]> message(long id) {
        return tx.read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).heldMessage(id)).map(BlobValue::bytes));
    }
}
