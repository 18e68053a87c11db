package org.ticketmail.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;
import org.ticketmail.store.mapper.BlobValue;
import org.ticketmail.store.mapper.CalendarMapper;
import org.ticketmail.store.mapper.HistoryRow;
import org.ticketmail.store.mapper.TicketMapper;

/**
 * Tickets, their recipients and their history: recording a mail on a ticket (opening it when needed) in
 * one transaction, and reading them back. New numbers come from the {@link TicketCounter}; the
 * Message-IDs a recorded mail brings are mapped as {@link MessageIds} does, in the same transaction.
 * Every write is one transaction. Thread-safe.
 */
public final class TicketStore {
    private final Transactions tx;
    private final Clock clock;
    private final TicketCounter counter;

    public TicketStore(Database database, Clock clock, TicketCounter counter) {
        this.tx = new Transactions(database);
        this.clock = clock;
        this.counter = counter;
    }

    public Clock clock() {
        return clock;
    }

    private final List<java.util.function.Consumer<String>> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Calls {@code listener} with a ticket's number after each committed change of the ticket (a mail recorded on it, its
     * state set), on the thread that made it: it must return quickly and not throw.
     */
    public void onChange(java.util.function.Consumer<String> listener) {
        changeListeners.add(listener);
    }

    private void changed(String number) {
        for (java.util.function.Consumer<String> l : changeListeners) {
            l.accept(number);
        }
    }

    public Optional<Ticket> ticket(String number) {
        return read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).ticket(number)));
    }

    /** Why the ticket is suspected spam (its opening mail scored in the suspect band), or empty. */
    public Optional<String> suspect(String number) {
        return read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).suspect(number)));
    }

    /** The newest tickets suspected spam, newest first. */
    public List<SuspectTicket> newestSuspect(int limit) {
        return read(s -> s.getMapper(TicketMapper.class).newestSuspect(limit));
    }

    public List<Recipient> recipients(String number) {
        return read(s -> s.getMapper(TicketMapper.class).recipients(number));
    }

    public List<HistoryEntry> history(String number) {
        return read(s -> s.getMapper(TicketMapper.class).history(number));
    }

    /** The text of the ticket's first public entry (the mail that opened it); never an internal note. */
    public Optional<String> firstText(String number) {
        return read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).firstText(number)));
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

    public List<TicketSummary> find(TicketQuery query) {
        return read(s -> s.getMapper(TicketMapper.class).find(query));
    }

    /** Up to {@code limit} tickets in {@code status} whose last change was before {@code before}, the longest idle first. */
    public List<String> idleWithStatus(TicketStatus status, Instant before, int limit) {
        return read(s -> s.getMapper(TicketMapper.class).idleWithStatus(status.name(), before, limit));
    }

    /** Tickets {@code actor} closed since {@code since}, still closed, with no history entry noted {@code note} after. */
    public List<String> closedWithoutEntry(String actor, Instant since, String note) {
        return read(s -> s.getMapper(TicketMapper.class).closedWithoutEntry(actor, since, note));
    }

    /**
     * Closes a ticket nobody works on (seed 004, "Ticket auto closing"), in one transaction: only when it is still in
     * {@code expected} and unchanged since {@code idleBefore}, as the commands {@code close} would (the status map must
     * allow it; a scheduled ticket loses its slot), with {@code note} as an internal history entry the changes belong to.
     *
     * @param commands the close, in the name of its actor
     * @return the ticket closed, or empty when it changed meanwhile
     * @throws CommandsRefused when the status map or the lock does not let it close
     */
    public Optional<Ticket> closeIdle(String number, TicketStatus expected, Instant idleBefore, Commands commands, NewHistoryEntry note) {
        Optional<Ticket> closed = write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            m.lockTicket(number);
            Ticket t = m.ticket(number);
            if (t == null || t.status() != expected || !t.updatedAt().isBefore(idleBefore)) {
                return Optional.<Ticket>empty();
            }
            Instant now = clock.instant();
            CalendarMapper calendar = s.getMapper(CalendarMapper.class);
            Schedule schedule = calendar.schedule(number);
            TicketWork.Result work = TicketWork.apply(t, m.recipients(number), schedule, commands, now);
            long historyId = insertEntry(m, number, note, now);
            m.updateTicket(work.ticket().withUpdatedAt(now));
            for (Change c : work.changes()) {
                m.insertChange(number, new Change(c.at(), c.actor(), c.field(), truncate(c.from(), 4000), truncate(c.to(), 4000)), historyId);
            }
            if (work.scheduleChanged()) {
                calendar.deleteSchedule(number);
                CalendarLedger.enqueue(calendar, number, now);
            }
            return Optional.of(m.ticket(number));
        });
        closed.ifPresent(t -> changed(number));
        return closed;
    }

    /** How many tickets for the contact {@code address} are not closed (seed 004's open ticket limit). */
    public int openTicketsOf(String address) {
        return read(s -> s.getMapper(TicketMapper.class).countOpenForContact(address.trim().toLowerCase(java.util.Locale.ROOT)));
    }

    /** How many tickets for the contact {@code address} were opened at or after {@code since} (seed 004's total ticket limit). */
    public int ticketsOpenedSince(String address, Instant since) {
        return read(s -> s.getMapper(TicketMapper.class).countOpenedForContactSince(address.trim().toLowerCase(java.util.Locale.ROOT), since));
    }

    public long countTickets() {
        return read(s -> s.getMapper(TicketMapper.class).countTickets());
    }

    /** Records a mail on an existing or a new ticket, all or nothing; a repeated message key writes nothing. */
    public Recorded record(Intake intake) {
        return record(intake, null);
    }

    /**
     * As {@link #record(Intake)}, keeping in the same transaction the mail's run ({@link MailRuns}): what
     * {@code outcome} makes of the recording, for the steps after it, should the mail come again after a crash.
     */
    public Recorded record(Intake intake, Function<Recorded, String> outcome) {
        return record(intake, outcome, null);
    }

    /** As {@link #record(Intake, Function)}, the run marked as written by the appliance start {@code bootId}. */
    public Recorded record(Intake intake, Function<Recorded, String> outcome, String bootId) {
        String key = MessageIds.key(intake.messageKey());
        Recorded earlier = read(s -> {
            String number = s.getMapper(TicketMapper.class).ticketForMessageKey(key);
            return number == null ? null : Recorded.duplicateOn(s.getMapper(TicketMapper.class).ticket(number));
        });
        if (earlier != null) {
            return earlier;
        }
        try {
            Recorded done = write(s -> {
                Recorded recorded = recordIn(s, intake, key);
                if (outcome != null) {
                    s.getMapper(TicketMapper.class).insertMailRun(key, recorded.ticket().number(), recorded.historyId(),
                            outcome.apply(recorded), clock.instant(), bootId);
                }
                return recorded;
            });
            changed(done.ticket().number());
            return done;
        } catch (PersistenceException e) {
            // A concurrent delivery of the same message may have won the race for the key.
            Optional<String> number = read(st -> Optional.ofNullable(st.getMapper(TicketMapper.class).ticketForMessageKey(key)));
            if (number.isPresent()) {
                return Recorded.duplicateOn(ticket(number.get()).orElseThrow());
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
            String number = counter.take(m, now);
            ticket = Ticket.opened(number, truncate(n.subject(), 2000), n.accountId(), n.contactAddress(), n.managerId(),
                    TicketStatus.NEW, n.priority(), false, now);
            m.insertTicket(ticket);
            if (n.suspect() != null) {
                m.markSuspect(number, truncate(n.suspect(), 2000));
            }
            opened = true;
        } else {
            m.lockTicket(intake.ticketNumber());
            ticket = m.ticket(intake.ticketNumber());
            if (ticket == null) {
                throw new StoreException("ticket " + intake.ticketNumber() + " does not exist");
            }
        }
        m.insertMessageId(key, ticket.number(), now);
        // The bare Message-ID leads replies (In-Reply-To, References) to the ticket, when no other ticket has it.
        String messageId = intake.entry().messageId();
        if (messageId != null && !messageId.isBlank()) {
            MessageIds.mapIfAbsent(m, ticket.number(), messageId, now);
        }

        List<Recipient> recipients = m.recipients(ticket.number());
        Set<String> present = new HashSet<>();
        for (Recipient r : recipients) {
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

        List<Change> changes = new ArrayList<>();
        Ticket after = ticket;
        if (intake.status().isPresent() && intake.status().get() != ticket.status()) {
            after = after.withStatus(intake.status().get());
            changes.add(new Change(now, truncate(intake.entry().sender(), 128), "status", ticket.status().jsonName(),
                    intake.status().get().jsonName()));
        }
        after = switch (intake.inbox()) {
            case KEEP -> after;
            case PUT_IN -> after.withInbox(true);
            case TAKE_OUT -> after.withInbox(false);
        };
        if (intake.rating().isPresent()) {
            Intake.Rating r = intake.rating().get();
            String comment = truncate(r.comment() == null || r.comment().isBlank() ? null : r.comment().strip(), 4000);
            changes.add(new Change(now, truncate(intake.entry().sender(), 128), "rating", after.rating(), r.value()));
            after = after.withRating(r.value(), comment);
        }
        if (intake.commands().isPresent()) {
            recipients.addAll(added);
            CalendarMapper calendar = s.getMapper(CalendarMapper.class);
            Schedule schedule = opened ? null : calendar.schedule(ticket.number());
            TicketWork.Result work = TicketWork.apply(after, recipients, schedule, intake.commands().get(), now);
            after = work.ticket();
            for (String address : work.removed()) {
                m.deleteRecipient(ticket.number(), address);
            }
            for (Recipient r : work.added()) {
                m.insertRecipient(ticket.number(), r, now);
                if (present.add(r.address())) {
                    added.add(r);
                } // else its kind changed (to → cc): TicketWork listed it in removed, so its old row went above
            }
            changes.addAll(work.changes());
            if (work.scheduleChanged()) {
                calendar.deleteSchedule(ticket.number());
                if (work.schedule() != null) {
                    calendar.insertSchedule(ticket.number(), work.schedule(), now);
                }
            }
            // The event shows the ticket's title, priority and account too: any change may need it rewritten.
            if (!work.changes().isEmpty() && (work.schedule() != null || schedule != null)) {
                CalendarLedger.enqueue(calendar, ticket.number(), now);
            }
        }
        m.updateTicket(after.withUpdatedAt(now));
        for (Change c : changes) {
            m.insertChange(ticket.number(), new Change(c.at(), c.actor(), c.field(), truncate(c.from(), 4000), truncate(c.to(), 4000)),
                    historyId);
        }
        Ticket updated = m.ticket(ticket.number());
        return new Recorded(updated, false, opened, historyId, added, changes);
    }

    /**
     * Imports the checked rows of a CSV file ({@link TicketImport}) in one transaction, all or nothing. A row whose key an
     * earlier import recorded is skipped. Every other becomes a ticket numbered by the counter for the month it was
     * created, created and updated at the row's time, not in the inbox, with the contact as its To recipient and one
     * public incoming history entry: the row's text, sent by the contact (or {@code import}), with a note naming
     * {@code source} and the row's line. A {@code closed} row is closed without a resolution.
     *
     * @param source where the rows come from, for the notes: {@code import-tickets tickets.csv}
     * @throws StoreException when any row of the file is bad; then nothing is written
     */
    public TicketImport.Outcome importTickets(TicketImport.Checked file, String source) {
        if (!file.bad().isEmpty()) {
            throw new StoreException("refusing to import " + source + ": " + file.bad().size() + " of its " + file.count()
                    + " rows are bad; fix them and run it again");
        }
        List<TicketImport.Row> rows = file.rows();
        return write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            Instant now = clock.instant();
            List<TicketImport.Imported> imported = new ArrayList<>();
            List<Integer> skipped = new ArrayList<>();
            for (TicketImport.Row row : rows) {
                String key = MessageIds.key(row.key());
                if (m.ticketForMessageKey(key) != null) {
                    skipped.add(row.line());
                    continue;
                }
                String number = counter.take(m, row.created());
                m.insertTicket(Ticket.opened(number, truncate(row.subject(), 2000), row.account(), row.contact(), row.manager(),
                        row.status(), row.priority(), false, row.created()));
                m.insertMessageId(key, number, now);
                if (row.contact() != null) {
                    m.insertRecipient(number, Recipient.external(row.contact(), RecipientKind.TO), row.created());
                }
                long historyId = insertEntry(m, number, new NewHistoryEntry(Direction.IN, true, row.contact() == null ? "import" : row.contact(),
                        row.subject(), row.text(), "imported from " + source + " line " + row.line(), null, null, List.of()),
                        row.created());
                // Service levels measure an imported ticket from its import: the other help desk's time is not ours to warn of.
                m.insertChange(number, new Change(now, "import", SlaLedger.IMPORTED, null, truncate(source + " line " + row.line(), 4000)),
                        historyId);
                if (row.status() != TicketStatus.NEW) {
                    // The status it comes in, from the import on: the service levels' timeline reads statuses from the changes.
                    m.insertChange(number, new Change(now, "import", "status", null, row.status().jsonName()), historyId);
                }
                imported.add(new TicketImport.Imported(row.line(), number));
            }
            return new TicketImport.Outcome(imported, skipped);
        });
    }

    /** What {@link #importTickets} would do now, writing nothing: the rows it would import (without numbers) and skip. */
    public TicketImport.Outcome previewImport(TicketImport.Checked file) {
        List<TicketImport.Row> rows = file.rows();
        return read(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            List<TicketImport.Imported> imported = new ArrayList<>();
            List<Integer> skipped = new ArrayList<>();
            for (TicketImport.Row row : rows) {
                if (m.ticketForMessageKey(MessageIds.key(row.key())) != null) {
                    skipped.add(row.line());
                } else {
                    imported.add(new TicketImport.Imported(row.line(), null));
                }
            }
            return new TicketImport.Outcome(imported, skipped);
        });
    }

    /** The changes the ticket went through, oldest first. */
    public List<Change> changes(String number) {
        return read(s -> s.getMapper(TicketMapper.class).changes(number));
    }

    /** Inserts a history entry with its attachments; returns its id. */
    static long insertEntry(TicketMapper m, String ticketNumber, NewHistoryEntry e, Instant now) {
        HistoryRow row = new HistoryRow(ticketNumber, now, e.direction().name(), e.isPublic(), truncate(e.sender(), 1000),
                truncate(e.subject(), 2000), e.text(), truncate(e.note(), 2000), truncate(e.messageId(), 1000), e.original(),
                e.threading());
        m.insertHistory(row);
        for (int i = 0; i < e.attachments().size(); i++) {
            Attachment a = e.attachments().get(i);
            m.insertAttachment(row.getId(), i, new Attachment(truncate(a.name(), 1000), a.size()));
        }
        return row.getId();
    }

    /** Adds a history entry that no incoming mail carries (an acknowledgment we sent, a note). */
    public long addEntry(String ticketNumber, NewHistoryEntry entry, List<String> messageIds) {
        return write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            Instant now = clock.instant();
            long historyId = insertEntry(m, ticketNumber, entry, now);
            messageIds.forEach(id -> MessageIds.mapIfAbsent(m, ticketNumber, id, now));
            return historyId;
        });
    }

    /** Sets status and inbox flag, e.g. to close a ticket (tools and tests; mail changes a ticket by commands). */
    public Ticket setState(String ticketNumber, TicketStatus status, boolean inInbox) {
        Ticket set = write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            Ticket t = m.ticket(ticketNumber);
            if (t == null) {
                throw new StoreException("ticket " + ticketNumber + " does not exist");
            }
            m.updateTicket(t.withStatus(status).withInbox(inInbox).withUpdatedAt(clock.instant()));
            return m.ticket(ticketNumber);
        });
        changed(ticketNumber);
        return set;
    }

    private <T> T read(Function<SqlSession, T> work) {
        return tx.read(work);
    }

    private <T> T write(Function<SqlSession, T> work) {
        return tx.write(work);
    }

    private static String truncate(String value, int max) {
        return Transactions.truncate(value, max);
    }

    private static String rootMessage(Throwable e) {
        return Transactions.rootMessage(e);
    }
}
