package org.ticketmail.mailets;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Pipeline step 9: the sender of a mail hears what became of it. A technician whose commands applied gets
 * one short confirmation listing what changed ({@code confirmation}); one whose commands were refused
 * gets one error mail quoting each wrong line with what is allowed, and learns that nothing applied and
 * nothing was sent on ({@code command-error}); and when a mail came in an employee's name without being
 * verified, that employee is told ({@code unverified-sender}), so a forgery does not go unnoticed.
 *
 * <p>Reads what IdentifySender and RecordHistory set. Parameters: {@code templates} (the directory of
 * {@code NAME.txt} and {@code NAME.html}; absent files use the built-in text), {@code relayProcessor}
 * (default relay).
 */
public class AnswerSender extends SendingMailet {
    /** This step's name in a mail's run. */
    static final String STEP = "answer";
    private static final Logger LOGGER = LoggerFactory.getLogger(AnswerSender.class);
    static final String CONFIRMATION = """
            Subject: Done: _incident_title_ _tag_

            Hello _fullname_,

            your commands changed _tag_:

            _changes_

            The ticket is now _status_, managed by _owner_.

            _sitename_
            """;
    static final String COMMAND_ERROR = """
            Subject: Not done: _incident_title_ _tag_

            Hello _fullname_,

            the commands of your mail to _tag_ could not all be applied, so none was, and your mail was
            kept on the ticket as an internal note but not sent to anyone:

            _refusals_

            Correct the lines above and send your mail again.

            _sitename_
            """;
    static final String UNVERIFIED = """
            Subject: A mail in your name: _incident_title_ _tag_

            Hello _fullname_,

            a mail with your address in From reached _support_address_ for _tag_, but it was not sent the
            way your help desk trusts (SMTP AUTH, or from a trusted network). It was kept as an internal note
            for employees only, and its commands, if any, did not run.

            If you sent it, send it again from your usual mail server. If you did not, tell your administrator.

            _sitename_
            """;

    private final TicketStore store;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private java.util.function.Supplier<MailTemplate> confirmation;
    private java.util.function.Supplier<MailTemplate> commandError;
    private java.util.function.Supplier<MailTemplate> unverified;

    @Inject
    public AnswerSender(TicketStore store, DirectoryProvider directories, Gateway gateway) {
        this.store = store;
        this.directories = directories;
        this.gateway = gateway;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("templates", "relayProcessor");
        readSendingParameters();
        confirmation = template("confirmation", CONFIRMATION);
        commandError = template("command-error", COMMAND_ERROR);
        unverified = template("unverified-sender", UNVERIFIED);
    }

    @Override
    protected String stepName() {
        return STEP;
    }

    @Override
    protected void send(Mail mail) throws MessagingException {
        TicketAttributes.requireLong(mail, TicketAttributes.RECORDED, step());
        if (TicketAttributes.senderKind(mail, step()) != SenderKind.EMPLOYEE) {
            return;
        }
        Directory directory = TicketAttributes.directory(mail, directories, step());
        Employee employee = TicketAttributes.employee(mail, directory, step());
        String number = TicketAttributes.require(mail, TicketAttributes.TICKET, step());
        Optional<String> refused = TicketAttributes.string(mail, TicketAttributes.REFUSED);
        Optional<String> changes = TicketAttributes.string(mail, TicketAttributes.CHANGES);
        boolean unverifiedMail = IdentifySender.UNVERIFIED.equals(TicketAttributes.require(mail, TicketAttributes.VERIFIED, step()));
        if (refused.isEmpty() && changes.isEmpty() && !unverifiedMail) {
            return;
        }
        Ticket ticket = store.ticket(number).orElseThrow(() -> new MessagingException("ticket " + number + " vanished"));
        MailTemplate template;
        String what;
        InternetAddress to;
        if (unverifiedMail) {
            template = unverified.get();
            what = "told " + employee.id() + " of an unverified mail in their name";
            to = Addresses.named(employee.primaryAddress(), employee.name());
        } else {
            template = refused.isPresent() ? commandError.get() : confirmation.get();
            what = refused.isPresent() ? "command error" : "confirmation";
            String address = Addresses.senderAddress(Addresses.from(mail.getMessage(), mail));
            to = Addresses.named(address.isEmpty() ? employee.primaryAddress() : address, employee.name());
        }
        Map<String, String> values = GatewayMail.values(gateway, directory, ticket, template, () -> store.firstText(number).orElse(""),
                employee.name(),
                Map.of("changes", changes.map(AnswerSender::indent).orElse(""), "refusals", refused.map(AnswerSender::quote).orElse("")));
        OutgoingMessage answer = GatewayMail.compose(gateway, number, to, template.render(values), mail.getMessage().getMessageID());
        sendOn(mail, new MailAddress(gateway.supportAddress()), List.of(new MailAddress(to.getAddress())), answer);
        MailLog.decide(mail, "answered");
        LOGGER.debug("ticket={} message-id={} answered the sender: {}", number, messageId(mail), what);
    }

    /** Each change on a line of its own, indented. */
    private static String indent(String changes) {
        return "  " + changes.replace("\n", "\n  ");
    }

    /** The refusals as pairs of lines: the command quoted, then the reason. */
    private static String quote(String refused) {
        String[] lines = refused.split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < lines.length; i += 2) {
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append("  > ").append(lines[i]).append("\n    ").append(lines[i + 1]);
        }
        return out.toString();
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: answer the sender of a mail with commands, or the employee a mail was sent in the name of";
    }
}
