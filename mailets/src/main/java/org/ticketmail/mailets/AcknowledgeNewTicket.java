package org.ticketmail.mailets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.ticketmail.store.directory.DirectoryProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.Direction;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;

/**
 * Email-to-ticket, answer part (seed 002, "How does it work?", step 3): when a customer's mail opened a
 * ticket, the customer gets an automatic response whose subject carries the ticket number and whose
 * Reply-To is the support address. The response is recorded in the ticket's history (out, public) and
 * marked {@code Auto-Submitted: auto-replied} so auto-responders do not answer it.
 *
 * <p>No acknowledgment goes to an address of the help desk ({@link RecipientRules#mayAlert}): a mail
 * from an inactive or unprivileged employee, from a mailbox several employees share, or from a support
 * address opens a ticket but is not answered. Reads what IdentifySender and RecordHistory set.
 *
 * <p>Parameters: {@code template} (a file whose first line is {@code Subject: ...} and the rest the
 * body; placeholders {number}, {tag}, {subject}, {name}, {fromName}, {supportAddress}), {@code
 * relayProcessor} (default relay). The sender name is the gateway's {@code support.name}.
 */
public class AcknowledgeNewTicket extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(AcknowledgeNewTicket.class);
    static final String DEFAULT_TEMPLATE = """
            Subject: Received: {subject} {tag}

            Hello {name},

            we received your request and opened {tag} for it.
            Reply to this mail to add to the ticket, and keep "{tag}" in the subject.

            {fromName}
            """;

    private final TicketStore store;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private String relayProcessor;
    private String subjectTemplate;
    private String bodyTemplate;

    @Inject
    public AcknowledgeNewTicket(TicketStore store, DirectoryProvider directories, Gateway gateway) {
        this.store = store;
        this.directories = directories;
        this.gateway = gateway;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("template", "relayProcessor");
        relayProcessor = getInitParameter("relayProcessor", "relay");
        String file = getInitParameter("template");
        String template = DEFAULT_TEMPLATE;
        if (file != null && !file.isBlank()) {
            try {
                template = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new MessagingException("mailetcontainer.xml: AcknowledgeNewTicket template '" + file + "' cannot be read ("
                        + e.getMessage() + ")");
            }
        }
        String[] parts = template.replace("\r\n", "\n").split("\n", 2);
        if (!parts[0].toLowerCase(Locale.ROOT).startsWith("subject:")) {
            throw new MessagingException("AcknowledgeNewTicket template " + (file == null ? "(built in)" : file)
                    + ": the first line must be 'Subject: ...', e.g. 'Subject: Received: {subject} {tag}'");
        }
        subjectTemplate = parts[0].substring("subject:".length()).strip();
        bodyTemplate = parts.length > 1 ? parts[1].stripLeading() : "";
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return List.of(new ProcessingState(relayProcessor));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        TicketAttributes.requireLong(mail, TicketAttributes.RECORDED, step());
        if (!TicketAttributes.flag(mail, TicketAttributes.OPENED) || TicketAttributes.senderKind(mail, step()) == SenderKind.EMPLOYEE) {
            return;
        }
        String number = TicketAttributes.require(mail, TicketAttributes.TICKET, step());
        Ticket ticket = store.ticket(number).orElseThrow(() -> new MessagingException("ticket " + number + " vanished"));
        RecipientRules rules = new RecipientRules(TicketAttributes.directory(mail, directories, step()), gateway);
        MimeMessage original = mail.getMessage();
        Optional<InternetAddress> customer = Addresses.from(original, mail);
        if (customer.isEmpty() || !rules.mayAlert(customer.get().getAddress())) {
            LOGGER.info("ticket={} message-id={} not acknowledged: {}", number, messageId(mail), customer.isEmpty() ? "no sender address"
                    : "'" + customer.get().getAddress() + "' belongs to the help desk or cannot be delivered to");
            return;
        }
        TicketTag tag = gateway.tag();
        String support = gateway.supportAddress();
        String fromName = gateway.supportName();
        String name = Optional.ofNullable(customer.get().getPersonal()).filter(p -> !p.isBlank()).orElse(customer.get().getAddress());
        Map<String, String> values = Map.of("{number}", number, "{tag}", tag.format(number), "{subject}", ticket.subject(),
                "{name}", name, "{fromName}", fromName, "{supportAddress}", support);

        OutgoingMessage ack = new OutgoingMessage(OutgoingMessage.newId(number, support));
        ack.setFrom(Addresses.named(support, fromName));
        ack.setReplyTo(new Address[] {new InternetAddress(support)});
        ack.setRecipient(javax.mail.Message.RecipientType.TO, customer.get());
        String subject = fill(subjectTemplate, values);
        if (tag.find(subject).isEmpty()) {
            subject = tag.tagged(subject, number);
        }
        ack.setSubject(subject, "UTF-8");
        String body = fill(bodyTemplate, values);
        ack.setText(body, "UTF-8");
        ack.setHeader("Auto-Submitted", "auto-replied");
        ack.setHeader("X-Loop", support);
        ack.setHeader("X-Ticketmail-Ticket", number);
        String originalId = original.getMessageID();
        if (originalId != null) {
            ack.setHeader("In-Reply-To", originalId);
            ack.setHeader("References", originalId);
        }
        ack.saveChanges();

        store.addEntry(number, new NewHistoryEntry(Direction.OUT, true, Addresses.named(support, fromName).toUnicodeString(), subject,
                body.strip(), "automatic acknowledgment of the new ticket", ack.id(), MailHeaders.bytes(ack), List.of()), List.of(ack.id()));
        getMailetContext().sendMail(new MailAddress(support), List.of(new MailAddress(customer.get().getAddress())), ack, relayProcessor);
        LOGGER.info("ticket={} message-id={} acknowledged to {}", number, messageId(mail), customer.get().getAddress());
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{[a-zA-Z]+\\}");

    /** Replaces the placeholders in one pass, so a value (a customer's subject) is never expanded itself. */
    static String fill(String template, Map<String, String> values) {
        java.util.regex.Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(values.getOrDefault(m.group(), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: acknowledge a new ticket to the customer";
    }
}
