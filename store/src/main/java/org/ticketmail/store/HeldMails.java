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
        return hold(reason, sender, recipients, subject, message, null);
    }

    private final java.util.List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Tells {@code listener} the reason of every mail held from now on, after it is kept (for the metrics). */
    public void onHold(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    /** Keeps a mail with the reason and the ticket it belongs to (null: none known). Returns its id. */
    public long hold(String reason, String sender, String recipients, String subject, byte[] message, String ticketNumber) {
        long id = keep(reason, sender, recipients, subject, message, ticketNumber);
        listeners.forEach(l -> l.accept(reason));
        return id;
    }

    private long keep(String reason, String sender, String recipients, String subject, byte[] message, String ticketNumber) {
        return tx.write(s -> {
            HeldRow row = new HeldRow(clock.instant(), Transactions.truncate(reason, 4000), Transactions.truncate(sender, 320),
                    Transactions.truncate(recipients, 4000), Transactions.truncate(subject, 2000), message,
                    Transactions.truncate(messageId(message), 1000), Transactions.truncate(ticketNumber, 32));
            s.getMapper(TicketMapper.class).insertHeld(row);
            return row.getId();
        });
    }

    /** The newest {@code limit} held mails, newest first. */
    public List<HeldMail> newest(int limit) {
        return tx.read(s -> s.getMapper(TicketMapper.class).held(limit));
    }

    /** The {@code limit} newest held mails older than the one with id {@code before}, newest first: the next page. */
    public List<HeldMail> before(long before, int limit) {
        return tx.read(s -> s.getMapper(TicketMapper.class).heldBefore(before, limit));
    }

    /** The newest held mails whose reason starts with {@code prefix}, newest first, at most {@code limit}. */
    public List<HeldMail> newestWithReason(String prefix, int limit) {
        return beforeWithReason(prefix, Long.MAX_VALUE, limit);
    }

    /** The {@code limit} newest held mails whose reason starts with {@code prefix} and whose id is below {@code before}. */
    public List<HeldMail> beforeWithReason(String prefix, long before, int limit) {
        return tx.read(s -> s.getMapper(TicketMapper.class).heldWithReasonBefore(startsWith(prefix), before, limit));
    }

    /** How many held mails have a reason that starts with {@code prefix}. */
    public long countWithReason(String prefix) {
        return tx.read(s -> s.getMapper(TicketMapper.class).countHeldWithReason(startsWith(prefix)));
    }

    /**
     * Deletes the held mails whose reason starts with {@code prefix} that were held before {@code before} (released or
     * not): the retention of held spam. Returns how many.
     */
    public int deleteOlder(String prefix, java.time.Instant before) {
        return tx.write(s -> s.getMapper(TicketMapper.class).deleteHeldBefore(startsWith(prefix), before));
    }

    /** A LIKE pattern for reasons that start with {@code prefix} (a % in it is dropped, not a wildcard). */
    private static String startsWith(String prefix) {
        return prefix.replace("%", "") + "%";
    }

    /** How many held mails there are per reason, the reasons cut to their first 60 characters. */
    public java.util.Map<String, Long> countByReason() {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        tx.read(s -> s.getMapper(TicketMapper.class).heldCountsByReason()).forEach(row ->
                out.merge(String.valueOf(row.get("REASON")), ((Number) row.get("N")).longValue(), Long::sum));
        return out;
    }

    /** How many mails are held. */
    public long count() {
        return tx.read(s -> s.getMapper(TicketMapper.class).countHeld());
    }

    /**
     * The Message-ID in the header of a raw message (RFC 5322: folded lines joined), or null: held mail is often
     * malformed, so this reads the bytes leniently rather than parsing the whole message.
     */
    static String messageId(byte[] message) {
        if (message == null) {
            return null;
        }
        String head = new String(message, 0, Math.min(message.length, 256 * 1024), java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        int lfEnd = head.indexOf("\n\n");
        if (end < 0 || (lfEnd >= 0 && lfEnd < end)) {
            end = lfEnd;
        }
        String[] lines = (end < 0 ? head : head.substring(0, end)).replace("\r\n", "\n").replaceAll("\n[ \t]+", " ").split("\n");
        for (String line : lines) {
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                String id = line.substring(11).trim();
                return id.isEmpty() ? null : id;
            }
        }
        return null;
    }

    /** One held mail, without its message. */
    public Optional<HeldMail> find(long id) {
        return tx.read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).heldMail(id)));
    }

    /**
     * Notes that an admin released the held mail into the pipeline again. Called after the mail was handed to the
     * spool, so a crash between the two can only leave a released mail unmarked (a second release is then held as a
     * repeat), never a marked one that was not released. Returns false when it was marked released before.
     */
    public boolean markReleased(long id) {
        return tx.write(s -> s.getMapper(TicketMapper.class).markReleased(id, clock.instant()) == 1);
    }

    /** The message as it was held. */
    public Optional<byte[]> message(long id) {
        return tx.read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).heldMessage(id)).map(BlobValue::bytes));
    }
}
