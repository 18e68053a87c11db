package org.ticketmail.mailets;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.quote.MailText;
import org.ticketmail.scheduling.SchedulePlanner;
import org.ticketmail.store.Attachment;
import org.ticketmail.store.Change;
import org.ticketmail.store.Commands;
import org.ticketmail.store.CommandsRefused;
import org.ticketmail.store.Direction;
import org.ticketmail.store.StatusMap;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.Intake;
import org.ticketmail.store.MailRun;
import org.ticketmail.store.MailRuns;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.Recorded;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Pipeline step 6: email-to-ticket and history. In one transaction, the mail is recorded in its
 * ticket's history (direction, public flag, sender, stripped text, original message, attachments),
 * opening a new ticket when it has none, and the ticket's recipients and state are updated, by the rules
 * of {@link RecipientRules}:
 *
 * <ul>
 *   <li>A customer (or unknown sender) mail without a ticket opens one ({@link RecipientRules#customerOpens});
 *       the ticket is in the inbox.</li>
 *   <li>An employee mail without a ticket opens one managed by that employee ({@link RecipientRules#employeeOpens}).</li>
 *   <li>A customer reply puts the ticket in the inbox, and reopens it if it was closed.</li>
 *   <li>With {@code autoAddRecipients} (default true), the To and Cc addresses of the mail join the
 *       ticket for the mails that follow ({@link RecipientRules#joiners}). They are written in the same
 *       transaction as the entry, so a crash cannot record the one without the other;
 *       DistributeToRecipients does not send them this mail, which reached them directly.</li>
 * </ul>
 *
 * A mail whose Message-ID and body were recorded before is a redelivery: it is kept in the held mail
 * with that reason, nothing else is written, and it goes no further. A mail that reuses a Message-ID
 * with another body (devices do) is recorded as a mail of its own. Reads what IdentifySender,
 * IdentifyTicket, ClassifyMail and StripQuotedText set; sets {@link TicketAttributes#TICKET},
 * {@link TicketAttributes#RECORDED} and {@link TicketAttributes#OPENED}.
 *
 * <p>Parameters: {@code autoAddRecipients}.
 */
public class RecordHistory extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordHistory.class);

    private static final Map<String, String> INTERNAL_REASONS = Map.of("keyword", "subject keyword",
            "cc-bcc", "support address only in Cc/Bcc", "unverified",
            "sent in an employee's name, but neither SMTP AUTH, a trusted network nor a DKIM signature verified it;"
                    + " no commands ran",
            "command", "#internal", "commands-only", "only commands, nothing for the customer to read");

    private final TicketStore store;
    private final HeldMails held;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private java.util.function.Supplier<StatusMap> statuses;
    private final SchedulePlanner planner;
    private static final java.util.regex.Pattern SCHEDULE_LINE = java.util.regex.Pattern.compile("(?im)^\\s*#schedule\\b");
    private boolean autoAdd;

    private final MailRuns runs;
    private org.ticketmail.store.FailingAddresses failing;

    /** The status map in force, read again when conf/statuses.yaml is edited (issue 11); the fixed one when not set. */
    @Inject
    public void setStatuses(org.ticketmail.store.Statuses statuses) {
        this.statuses = statuses;
    }

    /** The addresses that bounced permanently: a mail from one clears its mark (issue 10). None when not set. */
    @Inject
    public void setFailingAddresses(org.ticketmail.store.FailingAddresses failing) {
        this.failing = failing;
    }

    /** Without scheduling (every #schedule is refused) and without runs (a redelivery is held). */
    public RecordHistory(TicketStore store, HeldMails held, DirectoryProvider directories, Gateway gateway, StatusMap statuses) {
        this(store, held, directories, gateway, statuses, null, null);
    }

    @Inject
    public RecordHistory(TicketStore store, HeldMails held, DirectoryProvider directories, Gateway gateway, StatusMap statuses,
                         SchedulePlanner planner, MailRuns runs) {
        this.store = store;
        this.held = held;
        this.directories = directories;
        this.gateway = gateway;
        this.statuses = () -> statuses;
        this.planner = planner;
        this.runs = runs;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("autoAddRecipients");
        autoAdd = booleanParameter("autoAddRecipients", true);
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        boolean schedules = planner != null && TicketAttributes.string(mail, TicketAttributes.COMMANDS)
                .filter(lines -> SCHEDULE_LINE.matcher(lines).find()).isPresent();
        if (schedules) {
            planner.exclusively(() -> record(mail)); // the slot it plans is still free when it is recorded
        } else {
            record(mail);
        }
    }

    private void record(Mail mail) throws MessagingException {
        Directory directory = TicketAttributes.directory(mail, directories, step());
        RecipientRules rules = new RecipientRules(directory, gateway);
        boolean employee = TicketAttributes.senderKind(mail, step()) == SenderKind.EMPLOYEE;
        Employee sendingEmployee = employee ? TicketAttributes.employee(mail, directory, step()) : null;
        String text = TicketAttributes.require(mail, TicketAttributes.TEXT, step());
        boolean internal = TicketAttributes.flag(mail, TicketAttributes.INTERNAL);
        Optional<String> ticketNumber = TicketAttributes.string(mail, TicketAttributes.TICKET);

        MimeMessage message = mail.getMessage();
        byte[] original = MailHeaders.bytes(message);
        String messageId = message.getMessageID();
        // A redelivery repeats the Message-ID and the body; a device that reuses Message-IDs does not repeat the body.
        String key = messageId != null && !messageId.isBlank() ? messageId.trim() + " " + bodyDigest(message, original) : digest(original);
        Optional<InternetAddress> from = Addresses.from(message, mail);
        String senderAddress = Addresses.senderAddress(from);
        String sender = from.map(InternetAddress::toUnicodeString).orElse("(no sender)");
        String subject = MailHeaders.subject(message);
        List<String> to = Addresses.in(message, "To");
        List<String> cc = Addresses.in(message, "Cc");

        List<String> notes = new ArrayList<>();
        TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE).ifPresent(notes::add);
        TicketAttributes.string(mail, TicketAttributes.LIMIT_NOTE).ifPresent(notes::add);
        TicketAttributes.string(mail, TicketAttributes.TEXT_NOTE).ifPresent(notes::add);
        TicketAttributes.longValue(mail, TicketAttributes.RELEASED).ifPresent(id -> notes.add("released by an admin from held mail " + id));
        TicketAttributes.string(mail, TicketAttributes.SPAM_SUSPECT).ifPresent(notes::add);
        TicketAttributes.string(mail, TicketAttributes.SPAM_UNCHECKED).ifPresent(notes::add);
        Optional<org.ticketmail.store.FailingAddress> bounced = failing == null ? Optional.empty() : failing.find(senderAddress);
        bounced.ifPresent(f -> notes.add(f.address() + " had bounced permanently (" + f.status() + ") since " + f.failedAt()
                + "; this mail from it clears the mark, so it receives ticket mail again"));
        Optional<String> rating = TicketAttributes.string(mail, TicketAttributes.RATING);
        boolean unverified = employee && IdentifySender.UNVERIFIED.equals(TicketAttributes.require(mail, TicketAttributes.VERIFIED, step()));
        Optional<String> commandLines = TicketAttributes.string(mail, TicketAttributes.COMMANDS);
        Optional<CommandReader.Read> commands = Optional.empty();
        StatusMap statusMap = statuses.get(); // one map for the whole mail, even when conf/statuses.yaml is saved meanwhile
        if (commandLines.isPresent()) {
            String forTicket = ticketNumber.orElse(null);
            CommandReader.Planner plans = planner == null ? CommandReader.NO_PLANNER
                    : (technician, at, length) -> planner.plan(technician, forTicket, at, length);
            // The manager a #schedule without a technician plans for: the ticket's, or the employee opening it.
            String manager = ticketNumber.isEmpty() ? sendingEmployee.id()
                    : store.ticket(ticketNumber.get()).map(t -> t.managerId()).orElse(null);
            commands = Optional.of(new CommandReader(directory, statusMap, plans).read(List.of(commandLines.get().split("\n")),
                    sendingEmployee, manager));
        }
        if (commands.isPresent() && commands.get().makePublic().isPresent()) {
            internal = !commands.get().makePublic().get();
            if (internal) {
                TicketAttributes.set(mail, TicketAttributes.INTERNAL, "command");
            } else {
                mail.removeAttribute(TicketAttributes.INTERNAL.name());
            }
        }
        List<Attachment> attachments = attachments(message);
        if (commands.isPresent() && commands.get().makePublic().isEmpty() && text.isBlank() && attachments.isEmpty() && !internal) {
            // Nothing but commands: the customer would get an empty mail; the changes reach them as alerts.
            internal = true;
            TicketAttributes.set(mail, TicketAttributes.INTERNAL, "commands-only");
        }
        TicketAttributes.string(mail, TicketAttributes.INTERNAL).ifPresent(why -> notes.add("internal (" + INTERNAL_REASONS.get(why) + ")"));

        Map<String, Recipient> add = new LinkedHashMap<>();
        RecipientRules.Opening opening = null;
        boolean reopen = false;
        if (ticketNumber.isEmpty()) {
            opening = employee
                    ? rules.employeeOpens(sendingEmployee, unverified ? List.of() : to,
                            unverified ? List.of() : cc)
                    : rules.customerOpens(senderAddress, TicketAttributes.string(mail, TicketAttributes.ACCOUNT).flatMap(directory::account));
            notes.addAll(opening.notes());
            opening.recipients().forEach(r -> add.putIfAbsent(r.address(), r));
        } else if (rating.isPresent()) {
            notes.add("rates the closure " + rating.get());
        } else if (!employee) {
            reopen = store.ticket(ticketNumber.get()).map(t -> t.status().isClosed()).orElse(false);
            if (reopen) {
                notes.add("the ticket was closed and is reopened by this customer reply");
            }
        }
        // Mail in an employee's name that nothing verified adds nobody: else a forger could Cc themselves onto any ticket.
        // A rating reply adds nobody either: its link may have been forwarded to anyone.
        if (autoAdd && !unverified && rating.isEmpty()) {
            RecipientRules.Joiners joiners = rules.joiners(to, cc, senderAddress);
            joiners.recipients().forEach(r -> add.putIfAbsent(r.address(), r));
            notes.addAll(joiners.notes());
        }

        // Which rule tied the mail to its ticket: IdentifyTicket's, a rating's subject, or none (a new ticket).
        String threading = TicketAttributes.string(mail, TicketAttributes.THREADING)
                .orElse(rating.isPresent() ? Threading.SUBJECT.value() : Threading.NEW_TICKET.value());
        NewHistoryEntry entry = new NewHistoryEntry(employee ? Direction.OUT : Direction.IN, !internal, sender, subject, text,
                notes.isEmpty() ? null : String.join("; ", notes), messageId, original, attachments, threading);
        Intake intake = opening == null ? Intake.onTicket(ticketNumber.get(), key, entry)
                : Intake.opening(Intake.NewTicket.of(gateway.tag().untagged(subject), opening.accountId(), opening.contact(),
                        opening.managerId()).suspected(TicketAttributes.string(mail, TicketAttributes.SPAM_SUSPECT).orElse(null)), key, entry);
        intake = intake.withRecipients(new ArrayList<>(add.values()));
        if (rating.isPresent()) {
            intake = intake.withRating(new Intake.Rating(rating.get(), text));
        } else if (!employee) {
            intake = intake.withInbox(Intake.Inbox.PUT_IN);
        }
        if (reopen) {
            intake = intake.withStatus(TicketStatus.REOPENED);
        }
        List<CommandsRefused.Refusal> refused = commands.map(CommandReader.Read::refusals).orElse(List.of());
        // What the later steps need is set on the mail inside the recording transaction and kept with it as the
        // mail's run, so a redelivery after a crash hands them the same.
        java.util.function.Function<Recorded, String> outcome = runs == null ? null : r -> {
            handOn(mail, r);
            return MailRunOutcome.write(mail);
        };
        Recorded recorded = null;
        if (commands.isPresent() && refused.isEmpty()) {
            try {
                recorded = store.record(intake.withCommands(new Commands(sendingEmployee.id(), sendingEmployee.closeAnyTicket(), statusMap,
                        commands.get().changes())), outcome, runs == null ? null : runs.bootId());
            } catch (CommandsRefused e) {
                refused = e.refusals();
            }
        }
        if (!refused.isEmpty()) {
            // Nothing half-applied, nothing sent on: the mail is kept as an internal note and its sender is told.
            notes.add("its commands were refused, so none applied and the mail was not sent on: " + refused.stream()
                    .map(r -> r.line() + " (" + r.reason() + ")").collect(Collectors.joining("; ")));
            // Nothing of it applies, its To and Cc included: only a ticket it opens keeps its default recipients.
            intake = intake.withEntry(new NewHistoryEntry(Direction.OUT, false, sender, subject, text, String.join("; ", notes),
                    messageId, original, attachments, threading)).withRecipients(opening == null ? List.of() : opening.recipients());
            TicketAttributes.set(mail, TicketAttributes.REFUSED, refused.stream().map(r -> r.line() + "\n" + r.reason())
                    .collect(Collectors.joining("\n")));
        }
        if (recorded == null) {
            recorded = store.record(intake, outcome, runs == null ? null : runs.bootId());
        }
        if (recorded.duplicate() && runs != null) {
            Optional<MailRun> run = runs.run(key);
            if (run.isPresent() && runs.toFinish(run.get())) {
                // Recorded, then the process died (or a step failed) before every step after it was done: finish them now.
                MailRunOutcome.restore(mail, run.get().outcome());
                TicketAttributes.set(mail, TicketAttributes.MESSAGE_KEY, key);
                TicketAttributes.set(mail, TicketAttributes.REDELIVERED, true);
                MailLog.decide(mail, "redelivered");
                LOGGER.debug("ticket={} message-id={} redelivered after it was recorded; finishing the steps not done yet (done: {})",
                        run.get().ticketNumber(), messageId, run.get().done().isEmpty() ? "none" : String.join(", ", run.get().done()));
                return;
            }
        }
        if (recorded.duplicate()) {
            String reason = "recorded before on ticket " + recorded.ticket().number() + " (same Message-ID and body); not processed again";
            long heldId = held.hold(reason, mail.getMaybeSender().asString(), String.join(", ", gateway.supportAddresses()), subject, original,
                    recorded.ticket().number());
            TicketAttributes.set(mail, TicketAttributes.TICKET, recorded.ticket().number());
            MailLog.end(LOGGER, mail, messageId, "held", "held=" + heldId + " reason=" + reason);
            mail.setState(Mail.GHOST);
            return;
        }
        if (bounced.isPresent()) {
            // After the entry that says so: killed in between, the mark stays until the next mail from the address.
            failing.clear(senderAddress);
            MailLog.decide(mail, "bounce-cleared");
            LOGGER.debug("ticket={} message-id={} {} had bounced; mail from it clears the mark", recorded.ticket().number(), messageId,
                    senderAddress);
        }
        if (runs == null) {
            handOn(mail, recorded);
        } else {
            TicketAttributes.set(mail, TicketAttributes.MESSAGE_KEY, key);
        }
        MailLog.decide(mail, recorded.opened() ? "new-ticket" : rating.isPresent() ? "rating" : "added");
        if (internal) {
            MailLog.decide(mail, "internal");
        }
        if (!refused.isEmpty()) {
            MailLog.decide(mail, "commands-refused");
        } else if (commands.isPresent()) {
            MailLog.decide(mail, "commands");
        }
        if (reopen) {
            MailLog.decide(mail, "reopened");
        }
        final boolean appliedCommands = commands.isPresent() && refused.isEmpty();
        final int lineCount = commandLines.map(l -> l.split("\n").length).orElse(0);
        final boolean opened = recorded.opened();
        metrics().ifPresent(m -> {
            m.count(PipelineMetrics.Outcome.RECORDED);
            if (opened) {
                m.ticketOpened();
            }
            if (appliedCommands) {
                m.commandsApplied(lineCount);
            }
        });
        LOGGER.debug("ticket={} message-id={} recorded ({}{}, {} new recipients)", recorded.ticket().number(), messageId,
                recorded.opened() ? "new ticket, " : "", internal ? "internal" : "public", recorded.added().size());
    }

    /** Sets on the mail what the steps after recording read: the ticket, the entry, and what the mail changed. */
    private static void handOn(Mail mail, Recorded recorded) {
        TicketAttributes.set(mail, TicketAttributes.TICKET, recorded.ticket().number());
        TicketAttributes.set(mail, TicketAttributes.RECORDED, recorded.historyId());
        if (recorded.opened()) {
            TicketAttributes.set(mail, TicketAttributes.OPENED, true);
        }
        recorded.changes().stream().filter(c -> c.field().equals("status")).reduce((first, last) -> new Change(last.at(), last.actor(),
                "status", first.from(), last.to())).filter(c -> !java.util.Objects.equals(c.from(), c.to()))
                .ifPresent(c -> TicketAttributes.set(mail, TicketAttributes.STATUS_CHANGE, c.from() + " " + c.to()));
        if (recorded.changes().stream().anyMatch(c -> c.field().equals("rating") && c.from() == null)) {
            TicketAttributes.set(mail, TicketAttributes.FIRST_RATING, true);
        }
        List<Change> changes = recorded.changes().stream().filter(c -> actorIsEmployee(c, mail)).toList();
        if (!changes.isEmpty()) {
            TicketAttributes.set(mail, TicketAttributes.CHANGES, changes.stream().map(RecordHistory::describe).collect(Collectors.joining("\n")));
        }
    }

    /** The changes the sending employee's commands made (not a customer's reopening). */
    private static boolean actorIsEmployee(Change c, Mail mail) {
        return TicketAttributes.string(mail, TicketAttributes.EMPLOYEE).filter(c.actor()::equals).isPresent();
    }

    /** {@code status: new → assigned}, {@code manager: (none) → bob}. */
    static String describe(Change c) {
        return c.field() + ": " + (c.from() == null ? "(none)" : c.from()) + " → " + (c.to() == null ? "(none)" : c.to());
    }

    private static List<Attachment> attachments(MimeMessage message) {
        try {
            List<Attachment> out = new ArrayList<>();
            for (MailText.Attached a : MailText.of(message).attachments()) {
                out.add(new Attachment(a.name(), a.size()));
            }
            return out;
        } catch (MessagingException | IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** A digest of the message body as received (after the headers), or of the whole message when that fails. */
    private static String bodyDigest(MimeMessage message, byte[] original) {
        try (java.io.InputStream body = message.getRawInputStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n; (n = body.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (IOException | MessagingException | NoSuchAlgorithmException e) {
            return digest(original);
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return "<sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + "@ticketmail>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: open tickets and record history";
    }

}
