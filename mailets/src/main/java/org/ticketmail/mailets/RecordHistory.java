package org.ticketmail.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.quote.MailText;
import org.ticketmail.store.Attachment;
import org.ticketmail.store.Direction;
import org.ticketmail.store.Intake;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.Recorded;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;
import org.ticketmail.store.directory.RecipientOption;

/**
 * Pipeline step 6: email-to-ticket and history. In one transaction, the mail is recorded in its
 * ticket's history (direction, public flag, sender, stripped text, original message, attachments),
 * opening a new ticket when it has none, and the ticket's recipients and state are updated:
 *
 * <ul>
 *   <li>A customer (or unknown sender) mail without a ticket opens one: the sender is its external To
 *       recipient; the account's default ticket manager manages it; the default employee recipients are
 *       the ticket manager, the account manager and every employee whose option is ALL. The ticket is
 *       in the inbox.</li>
 *   <li>An employee mail without a ticket opens one managed by that employee, for the external
 *       addresses in its To and Cc.</li>
 *   <li>A customer reply puts the ticket in the inbox, and reopens it if it was closed.</li>
 *   <li>With {@code autoAddRecipients} (default true), the To and Cc addresses of the mail join the
 *       ticket: employees as employee recipients, others as external To/Cc recipients (seed 002,
 *       "Automatically Add Ticket Email Recipients").</li>
 * </ul>
 *
 * A mail whose Message-ID and body were recorded before is a redelivery: it is kept in the held mail
 * with that reason, nothing else is written, and it goes no further. A mail that reuses a Message-ID
 * with another body (devices do) is recorded as a mail of its own. Sets {@link TicketAttributes#TICKET} and {@link TicketAttributes#OPENED}.
 *
 * <p>Parameters: {@code supportAddress} (required), {@code autoAddRecipients}, {@code ticketPattern} and
 * {@code ticketFormat} (a tag of an unusable number is removed from a new ticket's subject).
 */
public class RecordHistory extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordHistory.class);

    private final TicketStore store;
    private final DirectoryProvider directories;
    private List<String> supportAddresses;
    private boolean autoAdd;
    private TicketTag tag;

    @Inject
    public RecordHistory(TicketStore store, DirectoryProvider directories) {
        this.store = store;
        this.directories = directories;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("supportAddress", "autoAddRecipients", "ticketPattern", "ticketFormat");
        tag = TicketTag.of("RecordHistory", getInitParameter("ticketPattern"), getInitParameter("ticketFormat"));
        supportAddresses = Addresses.parameterList("RecordHistory", "supportAddress", getInitParameter("supportAddress"));
        autoAdd = booleanParameter("autoAddRecipients", true);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        Directory directory = directories.current();
        byte[] original = bytes(message);
        String messageId = message.getMessageID();
        // A redelivery repeats the Message-ID and the body; a device that reuses Message-IDs does not repeat the body.
        String key = messageId != null && !messageId.isBlank() ? messageId.trim() + " " + bodyDigest(message, original) : digest(original);
        boolean employee = TicketAttributes.isEmployee(mail);
        Optional<InternetAddress> from = Addresses.from(message, mail);
        String senderAddress = Addresses.senderAddress(from);
        String sender = from.map(InternetAddress::toUnicodeString).orElse("(no sender)");
        boolean internal = TicketAttributes.flag(mail, TicketAttributes.INTERNAL);
        String subject = IdentifyTicket.subject(message);

        List<String> notes = new ArrayList<>();
        TicketAttributes.string(mail, TicketAttributes.TICKET_NOTE).ifPresent(notes::add);
        TicketAttributes.string(mail, TicketAttributes.TEXT_NOTE).ifPresent(notes::add);
        TicketAttributes.string(mail, TicketAttributes.INTERNAL).ifPresent(why ->
                notes.add("internal (" + ("keyword".equals(why) ? "subject keyword" : "support address only in Cc/Bcc") + ")"));

        String text = TicketAttributes.string(mail, TicketAttributes.TEXT).orElse("");
        List<Attachment> attachments = attachments(message);

        Optional<String> ticketNumber = TicketAttributes.string(mail, TicketAttributes.TICKET);
        Map<String, Recipient> add = new LinkedHashMap<>();
        Intake.NewTicket newTicket = null;
        TicketStatus status = null;
        Boolean inInbox = null;
        if (ticketNumber.isEmpty()) {
            if (employee) {
                Employee e = directory.employee(TicketAttributes.string(mail, TicketAttributes.EMPLOYEE).orElseThrow()).orElseThrow();
                List<Recipient> externals = headerRecipients(message, directory, senderAddress, false);
                String contact = externals.stream().map(Recipient::address).findFirst().orElse(null);
                Account account = contact == null ? null : directory.accountFor(contact).orElse(null);
                newTicket = new Intake.NewTicket(tag.untagged(subject), account == null ? null : account.id(), contact,
                        e.id(), null);
                defaultEmployees(directory, e.id(), account).forEach(r -> add.putIfAbsent(r.address(), r));
                externals.forEach(r -> add.putIfAbsent(r.address(), r));
                inInbox = false;
            } else {
                Account account = TicketAttributes.string(mail, TicketAttributes.ACCOUNT).flatMap(directory::account).orElse(null);
                String manager = account == null ? null : account.defaultTicketManager();
                newTicket = new Intake.NewTicket(tag.untagged(subject), account == null ? null : account.id(),
                        senderAddress.isEmpty() ? null : senderAddress, manager, null);
                if (directory.isEmployeeAddress(senderAddress) || supportAddresses.contains(senderAddress)) {
                    notes.add("the sender address '" + senderAddress + "' belongs to an employee or the support address; it is not a"
                            + " customer recipient");
                } else if (!senderAddress.isEmpty() && Addresses.deliverable(senderAddress)) {
                    add.put(senderAddress, Recipient.external(senderAddress, RecipientKind.TO));
                } else if (!senderAddress.isEmpty()) {
                    notes.add("the sender address '" + senderAddress + "' cannot be delivered to; it is not a recipient");
                }
                defaultEmployees(directory, manager, account).forEach(r -> add.putIfAbsent(r.address(), r));
                inInbox = true;
            }
        } else if (!employee) {
            inInbox = true;
            Optional<Ticket> ticket = store.ticket(ticketNumber.get());
            if (ticket.isPresent() && ticket.get().status().isClosed()) {
                status = TicketStatus.OPEN;
                notes.add("the ticket was closed and is reopened by this customer reply");
            }
        }
        if (autoAdd) {
            headerRecipients(message, directory, senderAddress, true).forEach(r -> add.putIfAbsent(r.address(), r));
        }
        List<String> skipped = add.keySet().stream().filter(a -> !Addresses.deliverable(a)).toList();
        if (!skipped.isEmpty()) {
            skipped.forEach(add::remove);
            notes.add("not added as recipients, as they cannot be delivered to: " + String.join(", ", skipped));
        }

        NewHistoryEntry entry = new NewHistoryEntry(employee ? Direction.OUT : Direction.IN, !internal, sender, subject, text,
                notes.isEmpty() ? null : String.join("; ", notes), messageId, original, attachments);
        Recorded recorded = store.record(new Intake(ticketNumber.orElse(null), newTicket, key, entry,
                new ArrayList<>(add.values()), status, inInbox));
        if (recorded.duplicate()) {
            String reason = "recorded before on ticket " + recorded.ticket().number() + " (same Message-ID and body); not processed again";
            long held = store.hold(reason, mail.getMaybeSender().asString(), String.join(", ", supportAddresses), subject, original);
            LOGGER.info("ticket={} message-id={} held={} {}", recorded.ticket().number(), messageId, held, reason);
            mail.setState(Mail.GHOST);
            return;
        }
        TicketAttributes.set(mail, TicketAttributes.TICKET, recorded.ticket().number());
        if (recorded.opened()) {
            TicketAttributes.set(mail, TicketAttributes.OPENED, true);
        }
        LOGGER.info("ticket={} message-id={} recorded ({}{}, {} new recipients)", recorded.ticket().number(), key,
                recorded.opened() ? "new ticket, " : "", internal ? "internal" : "public", recorded.added().size());
    }

    /** The default employee recipients of a new ticket (seed 002, "Default Employee Recipients"). */
    static List<Recipient> defaultEmployees(Directory directory, String managerId, Account account) {
        List<Recipient> out = new ArrayList<>();
        directory.employee(managerId).ifPresent(e -> out.add(Recipient.employee(e.id(), e.primaryAddress())));
        if (account != null) {
            directory.employee(account.accountManager()).ifPresent(e -> out.add(Recipient.employee(e.id(), e.primaryAddress())));
        }
        for (Employee e : directory.employees()) {
            if (e.recipientOption() == RecipientOption.ALL && e.active()) {
                out.add(Recipient.employee(e.id(), e.primaryAddress()));
            }
        }
        return out;
    }

    /** The To and Cc addresses of the mail as recipients, without the support address and the sender. */
    private List<Recipient> headerRecipients(MimeMessage message, Directory directory, String sender, boolean withEmployees) {
        List<Recipient> out = new ArrayList<>();
        for (String header : new String[] {"To", "Cc"}) {
            for (String address : Addresses.in(message, header)) {
                if (supportAddresses.contains(address) || address.equals(sender)) {
                    continue;
                }
                Optional<Employee> e = directory.employeeByAddress(address);
                if (e.isPresent()) {
                    if (withEmployees) {
                        out.add(Recipient.employee(e.get().id(), e.get().primaryAddress()));
                    }
                } else if (!directory.isEmployeeAddress(address)) {
                    out.add(Recipient.external(address, header.equals("To") ? RecipientKind.TO : RecipientKind.CC));
                }
            }
        }
        return out;
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

    static byte[] bytes(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot read the message to keep it: " + e.getMessage(), e);
        }
        return out.toByteArray();
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
