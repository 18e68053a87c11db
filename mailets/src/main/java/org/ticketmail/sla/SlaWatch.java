package org.ticketmail.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.mailets.Addresses;
import org.ticketmail.mailets.Gateway;
import org.ticketmail.mailets.GatewayMail;
import org.ticketmail.mailets.MailTemplate;
import org.ticketmail.mailets.PipelineMetrics;
import org.ticketmail.store.Direction;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.SlaLedger;
import org.ticketmail.store.SlaWarning;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;
import org.ticketmail.store.sla.Breach;
import org.ticketmail.store.sla.SlaBook;
import org.ticketmail.store.sla.SlaClock;
import org.ticketmail.store.sla.SlaTerms;

/**
 * Measures open tickets against their service levels (seed 004, "SLA") and warns of each breach once: the ticket's
 * owner (its manager; without one the dispatcher) and the level's escalation addresses get a mail from
 * {@code conf/templates/sla-warning.txt}, and the ticket's history records it as an internal entry.
 *
 * <p>{@link #runAll()} looks at every open ticket and every account's count of open tickets (on a schedule);
 * {@link #changed(String)} asks for one ticket to be looked at again soon, and {@link #runChanged()} does so (after
 * every change the pipeline records). A breach is known by its ticket, kind and start, worked out again from the
 * history each time, so one breach is warned of once however often it is looked at; a breach that ends and comes
 * back (the customer writes again, the ticket is reopened) is a new one.
 *
 * <p>What if the process dies half-way: the warning's row and its history entry are written in one transaction
 * before the mail is handed to James, and marked sent after; a warning written but not sent goes out at the next
 * run. Dying between James taking the mail and the mark sends it twice, never not at all. Thread-safe; the appliance
 * runs it on one thread.
 */
public final class SlaWatch {
    private static final Logger LOGGER = LoggerFactory.getLogger(SlaWatch.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT);

    /** The built-in conf/templates/sla-warning.txt. */
    public static final String TEMPLATE = """
            Subject: SLA broken (_sla_breach_): _incident_title_ _tag_

            Hello _fullname_,

            _tag_ "_incident_title_" broke the _sla_breach_ limit of its service level
            _sla_name_ (_sla_limit_) at _sla_since_.

            _sla_detail_

            Status: _status_. Priority: _priority_. Owner: _owner_.
            Customer: _author_

            Reply to this mail to work on the ticket: your reply reaches the ticket's
            recipients, and commands such as #assign or #status apply.

            _sitename_
            """;

    private final SlaLedger ledger;
    private final TicketStore store;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private final MailetContext mailetContext;
    private final Supplier<SlaBook> books;
    private final Supplier<MailTemplate> template;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private final String relayProcessor;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    public SlaWatch(SlaLedger ledger, TicketStore store, DirectoryProvider directories, Gateway gateway, MailetContext mailetContext,
                    Supplier<SlaBook> books, Supplier<MailTemplate> template, PipelineMetrics metrics, Clock clock, String relayProcessor) {
        this.ledger = ledger;
        this.store = store;
        this.directories = directories;
        this.gateway = gateway;
        this.mailetContext = mailetContext;
        this.books = books;
        this.template = template;
        this.metrics = metrics;
        this.clock = clock;
        this.relayProcessor = relayProcessor;
    }

    /** Whether a history entry's sender is the gateway itself: its own mails are neither answers nor work. */
    public static boolean fromGateway(Gateway gateway, String sender) {
        if (sender == null) {
            return false;
        }
        String s = sender.toLowerCase(Locale.ROOT);
        int lt = s.lastIndexOf('<');
        String address = lt >= 0 && s.endsWith(">") ? s.substring(lt + 1, s.length() - 1) : s.strip();
        return gateway.isSupportAddress(address) || s.equals(gateway.supportName().toLowerCase(Locale.ROOT));
    }

    /** Asks for {@code ticketNumber} to be looked at again by the next {@link #runChanged()}. */
    public void changed(String ticketNumber) {
        changed.add(ticketNumber);
    }

    /** Looks at the tickets that changed since the last call. */
    public void runChanged() {
        if (changed.isEmpty()) {
            return;
        }
        List<String> numbers = new ArrayList<>(changed);
        changed.removeAll(numbers);
        SlaBook book = books.get();
        if (book.slas().isEmpty()) {
            return;
        }
        Directory directory = directories.current();
        Instant now = clock.instant();
        for (int from = 0; from < numbers.size(); from += SlaLedger.Scope.MAX_NUMBERS) {
            List<String> part = numbers.subList(from, Math.min(numbers.size(), from + SlaLedger.Scope.MAX_NUMBERS));
            List<SlaLedger.Timed> open = ledger.timelines(SlaLedger.Scope.tickets(part), s -> fromGateway(gateway, s)).stream()
                    .filter(t -> t.status() != TicketStatus.CLOSED).toList();
            Set<String> warned = warnedKeys(ledger.warningsOf(open.stream().map(SlaLedger.Timed::number).toList()));
            for (SlaLedger.Timed t : open) {
                PerTicket.run(LOGGER, "SLA evaluation", t.number(), () -> ticket(t, book, directory, now, warned));
            }
        }
    }

    /** Looks at every open ticket and every account's open tickets, and sends warnings left unsent. */
    public void runAll() {
        resendUnsent();
        SlaBook book = books.get();
        if (book.slas().isEmpty()) {
            metrics.slaEvaluated();
            return;
        }
        Directory directory = directories.current();
        Instant now = clock.instant();
        List<SlaLedger.Timed> open = ledger.timelines(SlaLedger.Scope.open(), s -> fromGateway(gateway, s));
        Set<String> warned = warnedKeys(ledger.openTicketWarnings());
        for (SlaLedger.Timed t : open) {
            PerTicket.run(LOGGER, "SLA evaluation", t.number(), () -> ticket(t, book, directory, now, warned));
        }
        accounts(open, book, directory, warned);
        metrics.slaEvaluated();
    }

    private void ticket(SlaLedger.Timed t, SlaBook book, Directory directory, Instant now, Set<String> warned) {
        Optional<SlaTerms> terms = termsOf(t.accountId(), book, directory);
        if (terms.isEmpty()) {
            return;
        }
        SlaClock sla = new SlaClock(t.timeline(), terms.get(), book.hours(terms.get()), now);
        for (Breach b : sla.breaches()) {
            if (b.ongoing() && !warned.contains(key(b.ticketNumber(), b.kind().jsonName(), b.origin()))) {
                warn(b, terms.get(), book, directory, detail(b, sla, book));
            }
        }
    }

    /** The level of a ticket of {@code accountId} (null: no account, so the default). */
    static Optional<SlaTerms> termsOf(String accountId, SlaBook book, Directory directory) {
        String slaId = accountId == null ? null : directory.account(accountId).map(Account::sla).orElse(null);
        return book.forAccount(slaId);
    }

    /** Accounts with more tickets open at once than their level allows: the newest ticket carries the breach. */
    private void accounts(List<SlaLedger.Timed> open, SlaBook book, Directory directory, Set<String> warned) {
        Map<String, List<SlaLedger.Timed>> byAccount = new HashMap<>();
        for (SlaLedger.Timed t : open) {
            if (t.accountId() != null) {
                byAccount.computeIfAbsent(t.accountId(), a -> new ArrayList<>()).add(t);
            }
        }
        for (Map.Entry<String, List<SlaLedger.Timed>> e : byAccount.entrySet()) {
            Optional<SlaTerms> terms = termsOf(e.getKey(), book, directory);
            if (terms.isEmpty() || terms.get().maxOpenTickets() == 0) {
                continue;
            }
            List<SlaLedger.Timed> counted = e.getValue().stream().filter(t -> terms.get().type().counts(t.status())).toList();
            if (counted.size() <= terms.get().maxOpenTickets()) {
                continue;
            }
            SlaLedger.Timed newest = counted.get(counted.size() - 1); // the store reads them oldest first
            Breach b = new Breach(newest.number(), Breach.Kind.OPEN_TICKETS, newest.timeline().created(), Optional.empty(), Duration.ZERO,
                    newest.timeline().created());
            if (!warned.contains(key(b.ticketNumber(), b.kind().jsonName(), b.origin()))) {
                String name = directory.account(e.getKey()).map(Account::name).orElse(e.getKey());
                warn(b, terms.get(), book, directory, name + " has " + counted.size() + " tickets open at once; its service level allows "
                        + terms.get().maxOpenTickets() + ". This ticket is the newest of them.");
            }
        }
    }

    private void warn(Breach breach, SlaTerms terms, SlaBook book, Directory directory, String detail) {
        Ticket ticket = store.ticket(breach.ticketNumber()).orElse(null);
        if (ticket == null) {
            return;
        }
        List<String> to = recipients(breach, ticket, terms, book, directory);
        String limit = breach.kind() == Breach.Kind.OPEN_TICKETS ? terms.maxOpenTickets() + " tickets" : hours(breach.limit());
        String since = STAMP.format(breach.start().atZone(book.zone()));
        Map<String, String> extra = Map.of("sla_name", terms.name(), "sla_breach", breach.kind().words(), "sla_limit", limit,
                "sla_since", since, "sla_detail", detail);
        MailTemplate t = template.get();
        String firstName = to.isEmpty() ? "" : directory.activeEmployeeByAddress(to.get(0)).map(Employee::name).orElse(to.get(0));
        MailTemplate.Rendered rendered = t.render(GatewayMail.values(gateway, directory, ticket, t,
                () -> store.firstText(ticket.number()).orElse(""), firstName, extra));
        String note = "SLA " + terms.name() + ": " + breach.kind().words() + " limit (" + limit + ") broken at " + since + "; "
                + (to.isEmpty() ? "nobody to warn (no manager, no dispatch.employee, no escalation address)" : "warned " + String.join(", ", to));
        try {
            MimeMessage message = to.isEmpty() ? null : compose(ticket, to, rendered);
            String messageId = message == null ? null : message.getMessageID();
            NewHistoryEntry entry = new NewHistoryEntry(Direction.OUT, false,
                    Addresses.named(gateway.supportAddress(), gateway.supportName()).toUnicodeString(), rendered.subject(),
                    rendered.text().strip(), note, messageId, message == null ? null : org.ticketmail.mailets.MailHeaders.bytes(message), List.of());
            Optional<SlaWarning> noticed = ledger.notice(breach, to, entry, messageId == null ? List.of() : List.of(messageId));
            if (noticed.isEmpty()) {
                return;
            }
            LOGGER.info("ticket={} sla={} breach={} since={} {}", ticket.number(), terms.id(), breach.kind().jsonName(), breach.start(),
                    to.isEmpty() ? "nobody to warn" : "warning to " + String.join(", ", to));
            metrics.slaWarned(breach.kind().jsonName());
            if (message != null) {
                send(message, to);
            }
            ledger.sent(noticed.get());
        } catch (MessagingException e) {
            // Failing before its row was written, it is noticed again at the next run; after, the row makes the next run send it.
            LOGGER.warn("ticket={} SLA warning ({}) not handed on yet: {}; the next evaluation tries again", ticket.number(),
                    breach.kind().jsonName(), e.getMessage());
        }
    }

    /** Warnings written before the process stopped, or that James refused: composed again and sent. */
    private void resendUnsent() {
        Directory directory = directories.current();
        SlaBook book = books.get();
        for (SlaWarning w : ledger.unsent()) {
            Ticket ticket = store.ticket(w.ticketNumber()).orElse(null);
            List<String> to = w.recipients().isBlank() ? List.of() : List.of(w.recipients().split(",\\s*"));
            if (ticket == null || to.isEmpty()) {
                ledger.sent(w);
                continue;
            }
            try {
                Optional<org.ticketmail.store.HistoryEntry> entry = store.history(ticket.number()).stream()
                        .filter(h -> w.historyId() != null && h.id() == w.historyId()).findFirst();
                String text = entry.map(org.ticketmail.store.HistoryEntry::text).orElse("");
                String subject = entry.map(org.ticketmail.store.HistoryEntry::subject).orElse("SLA broken: " + ticket.subject());
                send(compose(ticket, to, new MailTemplate.Rendered(subject, text, null)), to);
                ledger.sent(w);
                LOGGER.info("ticket={} SLA warning ({}) sent after a restart to {}", ticket.number(), w.kind(), w.recipients());
            } catch (MessagingException e) {
                LOGGER.warn("ticket={} SLA warning ({}) still not handed on: {}", ticket.number(), w.kind(), e.getMessage());
            }
        }
    }

    /** The owner (else the dispatcher), then the escalation addresses; an address that is not deliverable is left out. */
    private List<String> recipients(Breach breach, Ticket ticket, SlaTerms terms, SlaBook book, Directory directory) {
        Set<String> out = new LinkedHashSet<>();
        Optional<String> ownerId = breach.kind() == Breach.Kind.OPEN_TICKETS
                ? directory.account(ticket.accountId()).map(Account::accountManager).or(() -> Optional.ofNullable(ticket.managerId()))
                : Optional.ofNullable(ticket.managerId());
        Optional<Employee> owner = ownerId.flatMap(directory::employee).filter(Employee::active);
        if (owner.isEmpty()) {
            owner = gateway.dispatcher().flatMap(directory::employee).filter(Employee::active);
        }
        owner.ifPresent(e -> out.add(e.primaryAddress()));
        out.addAll(book.escalationFor(terms));
        out.removeIf(gateway::isSupportAddress);
        return new ArrayList<>(out);
    }

    private MimeMessage compose(Ticket ticket, List<String> to, MailTemplate.Rendered rendered) throws MessagingException {
        MimeMessage m = GatewayMail.compose(gateway, ticket.number(), new InternetAddress(to.get(0)), rendered, null);
        if (to.size() > 1) {
            InternetAddress[] all = new InternetAddress[to.size()];
            for (int i = 0; i < to.size(); i++) {
                all[i] = new InternetAddress(to.get(i));
            }
            m.setRecipients(javax.mail.Message.RecipientType.TO, all);
            m.saveChanges();
        }
        return m;
    }

    private void send(MimeMessage message, List<String> to) throws MessagingException {
        List<MailAddress> envelope = new ArrayList<>();
        for (String a : new HashSet<>(to)) {
            envelope.add(new MailAddress(a));
        }
        mailetContext.sendMail(new MailAddress(gateway.supportAddress()), envelope, message, relayProcessor);
    }

    /** What broke the limit, in a sentence. */
    private static String detail(Breach b, SlaClock sla, SlaBook book) {
        ZoneId zone = book.zone();
        return switch (b.kind()) {
            case RESPONSE -> sla.openWait().map(w -> "The customer's mail of " + STAMP.format(w.since().atZone(zone)) + " has waited "
                    + hours(w.waited()) + " of counted time for an answer.").orElse("A customer's mail waits for an answer.");
            case LIFETIME -> "The ticket has been open longer than its service level allows.";
            case INACTIVITY -> "Nobody has worked on the ticket for longer than its service level allows.";
            case OPEN_TICKETS -> "";
        };
    }

    /** 4h, 30m, 1h30m. */
    static String hours(Duration d) {
        return GatewayMail.duration((int) d.toMinutes());
    }

    private static String key(String number, String kind, Instant start) {
        return number + "|" + kind + "|" + start.toEpochMilli();
    }

    private static Set<String> warnedKeys(List<SlaWarning> warnings) {
        Set<String> out = new HashSet<>();
        for (SlaWarning w : warnings) {
            out.add(key(w.ticketNumber(), w.kind(), w.clockStart()));
        }
        return out;
    }
}
