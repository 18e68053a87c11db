package org.ticketmail.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.Contact;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.Employee;
import org.ticketmail.store.mapper.BlobValue;
import org.ticketmail.store.mapper.DirectoryMapper;
import org.ticketmail.store.mapper.HeldRow;
import org.ticketmail.store.mapper.HistoryRow;
import org.ticketmail.store.mapper.TicketMapper;

/**
 * Tickets, their recipients and history, the Message-ID map and the ticket number counter.
 *
 * <p>Every write is one transaction. Ticket numbers read {@code YYMM-NNNN}: the month the ticket was
 * opened, then a counter shared by all tickets that starts at {@code firstNumber} and only moves
 * forward (seed 002, "Increment Automated Ticket Numbering"). Thread-safe.
 */
public final class TicketStore {
    private static final String COUNTER = "ticket";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyMM");
    private static final int MAX_KEY = 250;

    private final Database database;
    private final Clock clock;

    public TicketStore(Database database, Clock clock, long firstNumber) {
        if (firstNumber < 1) {
            throw new IllegalArgumentException("the first ticket number must be at least 1: " + firstNumber);
        }
        this.database = database;
        this.clock = clock;
        write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            Long next = m.counter(COUNTER);
            if (next == null) {
                m.insertCounter(COUNTER, firstNumber);
            } else if (next < firstNumber) {
                m.updateCounter(COUNTER, firstNumber);
            }
            return null;
        });
    }

    public Clock clock() {
        return clock;
    }

    public Optional<Ticket> ticket(String number) {
        return read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).ticket(number)));
    }

    public List<Recipient> recipients(String number) {
        return read(s -> s.getMapper(TicketMapper.class).recipients(number));
    }

    public List<HistoryEntry> history(String number) {
        return read(s -> s.getMapper(TicketMapper.class).history(number));
    }

    public List<Attachment> attachments(long historyId) {
        return read(s -> s.getMapper(TicketMapper.class).attachments(historyId));
    }

    /** The message as received, for a history entry. */
    public Optional<byte[]> original(long historyId) {
        return read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).original(historyId)).map(BlobValue::bytes));
    }

    public List<TicketSummary> updatedSince(Instant since) {
        return read(s -> s.getMapper(TicketMapper.class).updatedSince(since));
    }

    public long countTickets() {
        return read(s -> s.getMapper(TicketMapper.class).countTickets());
    }

    /** The ticket a Message-ID (ours or a recorded one) belongs to. */
    public Optional<String> ticketForMessageId(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return Optional.empty();
        }
        return read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).ticketForMessageKey(key(messageId))));
    }

    /** The counter value the next ticket will take. */
    public long nextCounter() {
        return read(s -> s.getMapper(TicketMapper.class).counter(COUNTER));
    }

    /**
     * Moves the ticket counter forward so the next ticket takes {@code next}; irreversible.
     *
     * @throws StoreException when {@code next} is not above the current counter
     */
    public long incrementTicketNumber(long next) {
        return write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            long current = m.counter(COUNTER);
            if (next <= current) {
                throw new StoreException("the ticket counter only moves forward: the next ticket already takes "
                        + current + ", so give a number above it, not " + next);
            }
            m.updateCounter(COUNTER, next);
            return next;
        });
    }

    /** Records a mail on an existing or a new ticket, all or nothing; a repeated message key writes nothing. */
    public Recorded record(Intake intake) {
        String key = key(intake.messageKey());
        Recorded earlier = read(s -> {
            String number = s.getMapper(TicketMapper.class).ticketForMessageKey(key);
            return number == null ? null : new Recorded(s.getMapper(TicketMapper.class).ticket(number), true, false, -1, List.of());
        });
        if (earlier != null) {
            return earlier;
        }
        try {
            return write(s -> recordIn(s, intake, key));
        } catch (PersistenceException e) {
            // A concurrent delivery of the same message may have won the race for the key.
            Optional<String> number = ticketForMessageId(intake.messageKey());
            if (number.isPresent()) {
                return new Recorded(ticket(number.get()).orElseThrow(), true, false, -1, List.of());
            }
            throw new StoreException("cannot record message " + intake.messageKey() + " (" + rootMessage(e) + ")", e);
        }
    }

    private Recorded recordIn(SqlSession s, Intake intake, String key) {
        TicketMapper m = s.getMapper(TicketMapper.class);
        Instant now = clock.instant();
        Ticket ticket;
        boolean opened = false;
        if (intake.newTicket() != null) {
            Intake.NewTicket n = intake.newTicket();
            // Write first: the UPDATE holds the row lock to the end of the transaction, a SELECT ... FOR UPDATE does not.
            m.incrementCounter(COUNTER);
            long counter = m.counter(COUNTER) - 1;
            String number = MONTH.format(now.atZone(clock.getZone())) + "-" + String.format("%04d", counter);
            ticket = new Ticket(number, truncate(n.subject(), 2000), n.accountId(), n.contactAddress(), n.managerId(),
                    TicketStatus.NEW, n.priority(), false, now, now);
            m.insertTicket(ticket);
            opened = true;
        } else {
            ticket = m.ticket(intake.ticketNumber());
            if (ticket == null) {
                throw new StoreException("ticket " + intake.ticketNumber() + " does not exist");
            }
        }
        m.insertMessageId(key, ticket.number(), now);
        // The bare Message-ID leads replies (In-Reply-To, References) to the ticket, when no other ticket has it.
        String messageId = intake.entry().messageId();
        if (messageId != null && !messageId.isBlank()) {
            mapIfAbsent(m, ticket.number(), messageId, now);
        }

        Set<String> present = new HashSet<>();
        for (Recipient r : m.recipients(ticket.number())) {
            present.add(r.address());
        }
        List<Recipient> added = new ArrayList<>();
        for (Recipient r : intake.addRecipients()) {
            if (present.add(r.address())) {
                m.insertRecipient(ticket.number(), r, now);
                added.add(r);
            }
        }

        long historyId = insertEntry(m, ticket.number(), intake.entry(), now);

        TicketStatus status = intake.status().orElse(ticket.status());
        boolean inInbox = switch (intake.inbox()) {
            case KEEP -> ticket.inInbox();
            case PUT_IN -> true;
            case TAKE_OUT -> false;
        };
        m.updateTicketState(ticket.number(), status.name(), inInbox, now);
        Ticket updated = m.ticket(ticket.number());
        return new Recorded(updated, false, opened, historyId, added);
    }

    /** Inserts a history entry with its attachments; returns its id. */
    private static long insertEntry(TicketMapper m, String ticketNumber, NewHistoryEntry e, Instant now) {
        HistoryRow row = new HistoryRow(ticketNumber, now, e.direction().name(), e.isPublic(), truncate(e.sender(), 1000),
                truncate(e.subject(), 2000), e.text(), truncate(e.note(), 2000), truncate(e.messageId(), 1000), e.original());
        m.insertHistory(row);
        for (int i = 0; i < e.attachments().size(); i++) {
            Attachment a = e.attachments().get(i);
            m.insertAttachment(row.getId(), i, new Attachment(truncate(a.name(), 1000), a.size()));
        }
        return row.getId();
    }

    /** Maps a Message-ID to the ticket unless it already leads to one. */
    private static void mapIfAbsent(TicketMapper m, String ticketNumber, String messageId, Instant now) {
        String key = key(messageId);
        if (m.ticketForMessageKey(key) == null) {
            m.insertMessageId(key, ticketNumber, now);
        }
    }

    /** Adds a history entry that no incoming mail carries (an acknowledgment we sent, a note). */
    public long addEntry(String ticketNumber, NewHistoryEntry entry, List<String> messageIds) {
        return write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            Instant now = clock.instant();
            long historyId = insertEntry(m, ticketNumber, entry, now);
            messageIds.forEach(id -> mapIfAbsent(m, ticketNumber, id, now));
            return historyId;
        });
    }

    /** Remembers that these Message-IDs (of mail we sent) belong to a ticket, so replies find it. */
    public void mapMessageIds(String ticketNumber, List<String> messageIds) {
        write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            Instant now = clock.instant();
            messageIds.forEach(id -> mapIfAbsent(m, ticketNumber, id, now));
            return null;
        });
    }

    /** Sets status and inbox flag, e.g. to close a ticket. */
    public Ticket setState(String ticketNumber, TicketStatus status, boolean inInbox) {
        return write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            if (m.updateTicketState(ticketNumber, status.name(), inInbox, clock.instant()) == 0) {
                throw new StoreException("ticket " + ticketNumber + " does not exist");
            }
            return m.ticket(ticketNumber);
        });
    }

    /** Keeps a mail that did not become ticket traffic, with the reason. Returns its id. */
    public long hold(String reason, String sender, String recipients, String subject, byte[] message) {
        return write(s -> {
            HeldRow row = new HeldRow(clock.instant(), truncate(reason, 4000), truncate(sender, 320),
                    truncate(recipients, 4000), truncate(subject, 2000), message);
            s.getMapper(TicketMapper.class).insertHeld(row);
            return row.getId();
        });
    }

    public List<HeldMail> held(int limit) {
        return read(s -> s.getMapper(TicketMapper.class).held(limit));
    }

    public Optional<byte[]> heldMessage(long id) {
        return read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).heldMessage(id)).map(BlobValue::bytes));
    }

    /** Mirrors the directory into the employees, accounts and contacts tables. */
    public void syncDirectory(Directory directory) {
        write(s -> {
            DirectoryMapper m = s.getMapper(DirectoryMapper.class);
            m.clearContacts();
            m.clearDomains();
            m.clearAccounts();
            m.clearEmployeeAddresses();
            m.clearEmployees();
            for (Employee e : directory.employees()) {
                m.insertEmployee(e.id(), e.name(), e.active(), e.recipientOption().name(), e.emailPrivilege());
                for (String address : new java.util.LinkedHashSet<>(e.addresses())) {
                    m.insertEmployeeAddress(e.id(), address);
                }
            }
            for (Account a : directory.accounts()) {
                m.insertAccount(a.id(), a.name(), a.accountManager(), a.defaultTicketManager());
                for (String domain : new java.util.LinkedHashSet<>(a.domains())) {
                    m.insertDomain(a.id(), domain);
                }
                Set<String> seen = new HashSet<>();
                for (Contact c : a.contacts()) {
                    if (seen.add(c.address())) {
                        m.insertContact(a.id(), c.address(), c.name(), c.main());
                    }
                }
            }
            return null;
        });
    }

    private <T> T read(Function<SqlSession, T> work) {
        try (SqlSession s = database.sessions().openSession(true)) {
            return work.apply(s);
        }
    }

    private <T> T write(Function<SqlSession, T> work) {
        try (SqlSession s = database.sessions().openSession(false)) {
            T result = work.apply(s);
            s.commit(true);
            return result;
        }
    }

    /** The key a Message-ID is stored under: itself when short, else a digest of it. */
    static String key(String messageId) {
        String trimmed = messageId.trim();
        if (trimmed.length() <= MAX_KEY) {
            return trimmed;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(trimmed.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
