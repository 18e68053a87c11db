package org.ticketmail.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.ticketmail.mailets.RecipientRules.Distribution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Pipeline step 8: sends the mail, in its original form, to the ticket's recipients as
 * {@link RecipientRules#distribute} decides (seed 002, "Ticket Recipients", "Sender Email Address",
 * "Sending Internal Emails"). The copy is {@code From: Sender Name <support address>} (with
 * {@code useEmployeeSenderName=false}, employee mail shows the support name), {@code Reply-To} the
 * support address, the ticket tag in the subject, and none of the headers that would reveal the sender's
 * personal address or host, and without a technician's command lines. A mail that reaches nobody is
 * logged at WARN. A mail whose commands were
 * refused goes to nobody: its sender is told and sends it again.
 *
 * <p>Reads what IdentifySender, ClassifyMail and RecordHistory set. Parameters: {@code
 * useEmployeeSenderName} (default true), {@code relayProcessor} (default relay), where the copies go.
 */
public class DistributeToRecipients extends SendingMailet {
    /** This step's name in a mail's run. */
    static final String STEP = "distribute";
    private static final Logger LOGGER = LoggerFactory.getLogger(DistributeToRecipients.class);
    /**
     * Headers the copies do not carry: they would reveal the sender's personal address or host (seed 002,
     * "Sender Email Address"), or no longer hold for the rewritten copy (signatures, receipts).
     */
    static final List<String> PRIVATE_HEADERS = List.of("Sender", "Return-Path", "Received", "DKIM-Signature", "Delivered-To",
            "X-Original-To", "Authentication-Results", "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results",
            "Received-SPF", "X-Originating-IP", "X-Originating-Email", "X-Sender", "X-Google-Original-From",
            "Disposition-Notification-To", "Return-Receipt-To");

    private final TicketStore store;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private boolean useEmployeeSenderName;

    @Inject
    public DistributeToRecipients(TicketStore store, DirectoryProvider directories, Gateway gateway) {
        this.store = store;
        this.directories = directories;
        this.gateway = gateway;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("useEmployeeSenderName", "relayProcessor");
        useEmployeeSenderName = booleanParameter("useEmployeeSenderName", true);
        readSendingParameters();
    }

    @Override
    protected String stepName() {
        return STEP;
    }

    @Override
    protected void send(Mail mail) throws MessagingException {
        TicketAttributes.requireLong(mail, TicketAttributes.RECORDED, step());
        String number = TicketAttributes.require(mail, TicketAttributes.TICKET, step());
        if (TicketAttributes.flag(mail, TicketAttributes.REFUSED)) {
            MailLog.decide(mail, "not-distributed");
            LOGGER.debug("ticket={} message-id={} not distributed: its commands were refused", number, messageId(mail));
            return;
        }
        Ticket ticket = store.ticket(number).orElseThrow(() -> new MessagingException("ticket " + number + " vanished"));
        Directory directory = TicketAttributes.directory(mail, directories, step());
        MimeMessage original = mail.getMessage();
        Optional<InternetAddress> from = Addresses.from(original, mail);
        String senderAddress = Addresses.senderAddress(from);
        Optional<Employee> senderEmployee = TicketAttributes.senderKind(mail, step()) == SenderKind.EMPLOYEE
                ? Optional.of(TicketAttributes.employee(mail, directory, step())) : Optional.empty();
        boolean internal = TicketAttributes.flag(mail, TicketAttributes.INTERNAL);
        List<String> reachedDirectly = new ArrayList<>(Addresses.in(original, "To"));
        reachedDirectly.addAll(Addresses.in(original, "Cc"));

        Distribution d = deliverable(new RecipientRules(directory, gateway).distribute(ticket, store.recipients(ticket.number()),
                senderEmployee, senderAddress, internal, reachedDirectly), ticket);
        java.util.Set<String> bounced = failingAmong(d.all());
        if (!bounced.isEmpty()) {
            LOGGER.debug("ticket={} message-id={} not distributing to {}: they bounced permanently", ticket.number(), messageId(mail), bounced);
            d = d.without(a -> bounced.contains(a.toLowerCase(java.util.Locale.ROOT)));
        }
        if (d.isEmpty()) {
            LOGGER.warn("ticket={} message-id={} distributed to nobody: no recipient of the ticket receives this mail"
                    + " (set dispatch.employee, or give an employee recipientOption ALL)", ticket.number(), messageId(mail));
            return;
        }

        if (senderEmployee.isEmpty() && limits().isPresent()) {
            Optional<Limits.Refusal> over = limits().get().distribution(senderAddress, ticket.number());
            if (over.isPresent()) {
                // Recorded, not sent on: a loop or a flood. Said loudly once an hour, quietly after.
                if (over.get().first()) {
                    LOGGER.warn("ticket={} message-id={} recorded but not distributed: {}; further mail over the limit is logged at INFO",
                            ticket.number(), messageId(mail), over.get().reason());
                    // Once an hour the technicians see it on the ticket too, so a flood (or a forged one) does not go unnoticed.
                    store.addEntry(ticket.number(), new org.ticketmail.store.NewHistoryEntry(org.ticketmail.store.Direction.OUT, false,
                            gateway.supportName(), "Not sent on: " + MailHeaders.subject(original), "Mail from now on is recorded but not"
                            + " sent to the ticket's recipients for the rest of the hour: " + over.get().reason() + ".",
                            "limit reached", null, null, List.of()), List.of());
                } else {
                    LOGGER.debug("ticket={} message-id={} recorded but not distributed: {}", ticket.number(), messageId(mail),
                            over.get().reason());
                }
                return;
            }
        }
        String support = gateway.supportAddress();
        String senderName = senderName(from, senderEmployee, directory, ticket);
        OutgoingMessage copy;
        try {
            copy = new OutgoingMessage(original, gateway.newMessageId(ticket.number()));
            address(copy, original, senderName, d, ticket, TicketAttributes.string(mail, TicketAttributes.SPAM_PREFIX).orElse(""));
            Optional<String> commands = TicketAttributes.string(mail, TicketAttributes.COMMANDS);
            if (commands.isPresent()) {
                CommandLines.removeFrom(copy, List.of(commands.get().split("\n")));
            }
            copy.saveChanges();
            if (!convertibleTo7Bit(copy, 0)) {
                throw new MessagingException("an 8-bit text part has a charset Java does not know, so it cannot be converted for a"
                        + " relay without 8BITMIME");
            }
        } catch (MessagingException | RuntimeException e) {
            // Recorded, so it must reach people: the recorded text, with the mail as it came attached.
            LOGGER.warn("ticket={} message-id={} cannot be sent on as it is ({}); sending its recorded text with the original attached",
                    ticket.number(), messageId(mail), e.getMessage());
            copy = rewrapped(mail, original, senderName, d, ticket, e);
        } catch (StackOverflowError e) {
            // JavaMail writes parts recursively: thousands of nested multiparts overflow the stack of a spool thread.
            LOGGER.warn("ticket={} message-id={} cannot be sent on as it is (its MIME parts are nested too deeply); sending its recorded"
                    + " text with the original attached", ticket.number(), messageId(mail));
            copy = rewrapped(mail, original, senderName, d, ticket, new MessagingException("its MIME parts are nested too deeply"));
        }
        List<MailAddress> envelope = new ArrayList<>();
        for (String address : d.all()) {
            envelope.add(new MailAddress(address));
        }
        sendOn(mail, new MailAddress(support), envelope, copy);
        MailLog.decide(mail, "distributed");
        metrics().ifPresent(m -> m.count(PipelineMetrics.Outcome.DISTRIBUTED));
        LOGGER.debug("ticket={} message-id={} distributed to={} cc={} bcc={}", ticket.number(), messageId(mail), d.to(), d.cc(), d.bcc());
    }

    /**
     * Sets what every copy carries: From the sender's name at the support address, the recipients, the tagged subject,
     * after {@code prefix} when the mail is suspected spam (the score, for the ticket's manager to see).
     */
    private void address(OutgoingMessage copy, MimeMessage original, String senderName, Distribution d, Ticket ticket, String prefix)
            throws MessagingException {
        String support = gateway.supportAddress();
        copy.setFrom(Addresses.named(support, senderName));
        copy.setReplyTo(new Address[] {new InternetAddress(support)});
        copy.setRecipients(Message.RecipientType.TO, d.to().isEmpty() ? support : String.join(", ", d.to()));
        if (d.cc().isEmpty()) {
            copy.removeHeader("Cc");
        } else {
            copy.setRecipients(Message.RecipientType.CC, String.join(", ", d.cc()));
        }
        copy.removeHeader("Bcc");
        for (String header : PRIVATE_HEADERS) {
            copy.removeHeader(header);
        }
        String tagged = gateway.tag().tagged(MailHeaders.subject(original), ticket.number());
        copy.setSubject(prefix.isEmpty() ? tagged : prefix + " " + tagged, "UTF-8");
        copy.setHeader("X-Loop", support);
        copy.setHeader("X-Ticketmail-Ticket", ticket.number());
    }

    /**
     * A fresh copy for a mail that cannot be sent on as it is (its MIME is broken in a way JavaMail cannot
     * write again): the text RecordHistory recorded, a line saying why, and the original attached as
     * {@code message/rfc822}, byte for byte.
     */
    private OutgoingMessage rewrapped(Mail mail, MimeMessage original, String senderName, Distribution d, Ticket ticket, Exception why)
            throws MessagingException {
        OutgoingMessage copy = new OutgoingMessage(gateway.newMessageId(ticket.number()));
        address(copy, original, senderName, d, ticket, TicketAttributes.string(mail, TicketAttributes.SPAM_PREFIX).orElse(""));
        String text = TicketAttributes.string(mail, TicketAttributes.TEXT).orElse("");
        // A technician's mail carries command lines in its body: its original stays on the ticket, not with the copies.
        boolean attach = TicketAttributes.string(mail, TicketAttributes.COMMANDS).isEmpty();
        javax.mail.internet.MimeBodyPart body = new javax.mail.internet.MimeBodyPart();
        body.setText(text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n[" + gateway.supportName()
                + ": this mail could not be forwarded as it was sent (" + why.getMessage() + "); "
                + (attach ? "the original is attached.]\n" : "the original is kept on the ticket.]\n"), "UTF-8");
        if (attach) {
            javax.mail.internet.MimeBodyPart attached = new javax.mail.internet.MimeBodyPart();
            attached.setDataHandler(new javax.activation.DataHandler(new javax.mail.util.ByteArrayDataSource(
                    withoutPrivateHeaders(MailHeaders.bytes(original)), "message/rfc822")));
            attached.setHeader("Content-Type", "message/rfc822");
            attached.setDisposition(javax.mail.Part.ATTACHMENT);
            attached.setFileName("original.eml");
            copy.setContent(new javax.mail.internet.MimeMultipart("mixed", body, attached));
        } else {
            copy.setContent(new javax.mail.internet.MimeMultipart("mixed", body));
        }
        copy.saveChanges();
        return copy;
    }

    /**
     * The raw message without the {@link #PRIVATE_HEADERS} (and their folded lines), its body untouched: read as
     * bytes, since a mail that needs this is one JavaMail cannot write out again.
     */
    static byte[] withoutPrivateHeaders(byte[] raw) {
        String text = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        int lfEnd = text.indexOf("\n\n");
        if (end < 0 || (lfEnd >= 0 && lfEnd < end)) {
            end = lfEnd;
        }
        if (end < 0) {
            return raw;
        }
        StringBuilder head = new StringBuilder();
        boolean dropping = false;
        for (String line : text.substring(0, end).split("(?<=\n)")) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (!continuation) {
                int colon = line.indexOf(':');
                String name = colon < 0 ? "" : line.substring(0, colon).trim();
                dropping = PRIVATE_HEADERS.stream().anyMatch(name::equalsIgnoreCase);
            }
            if (!dropping) {
                head.append(line);
            }
        }
        return (head + text.substring(end)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The distribution without addresses James cannot deliver to (stored before they were checked), logged. */
    private static Distribution deliverable(Distribution d, Ticket ticket) {
        List<String> bad = d.all().stream().filter(a -> !Addresses.deliverable(a)).toList();
        if (bad.isEmpty()) {
            return d;
        }
        LOGGER.warn("ticket={} not distributing to undeliverable addresses {}", ticket.number(), bad);
        return d.without(bad::contains);
    }

    /** How deep {@link #convertibleTo7Bit} looks into nested multiparts; a deeper mail is rewrapped. */
    private static final int MAX_DEPTH = 64;

    /**
     * Whether James' RemoteDelivery can convert the copy to 7 bit for a relay that does not offer 8BITMIME: it decodes
     * every 8-bit text part by its charset ({@code Converter7Bit}), and a charset Java does not know makes the delivery
     * fail for good, so the copy would be lost after it was recorded.
     */
    static boolean convertibleTo7Bit(javax.mail.internet.MimePart part, int depth) throws MessagingException {
        if (depth > MAX_DEPTH) {
            return false;
        }
        try {
            if (part.isMimeType("multipart/*")) {
                Object content = part.getContent();
                if (content instanceof javax.mail.Multipart multipart) {
                    for (int i = 0; i < multipart.getCount(); i++) {
                        if (!convertibleTo7Bit((javax.mail.internet.MimePart) multipart.getBodyPart(i), depth + 1)) {
                            return false;
                        }
                    }
                }
                return true;
            }
            if ("8bit".equalsIgnoreCase(part.getEncoding()) && part.isMimeType("text/*")) {
                part.getContent();
            }
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private String senderName(Optional<InternetAddress> from, Optional<Employee> employee, Directory directory, Ticket ticket) {
        if (employee.isPresent() && !useEmployeeSenderName) {
            return gateway.supportName();
        }
        String personal = from.map(InternetAddress::getPersonal).filter(p -> !p.isBlank()).orElse(null);
        if (personal != null) {
            return personal;
        }
        if (employee.isPresent()) {
            return employee.get().name();
        }
        String address = from.map(InternetAddress::getAddress).orElse("");
        return directory.account(ticket.accountId()).flatMap(a -> a.contact(address)).map(c -> c.name())
                .filter(n -> n != null && !n.isBlank()).orElse(address.isEmpty() ? gateway.supportName() : address);
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: distribute a ticket mail to the ticket's recipients";
    }

}
