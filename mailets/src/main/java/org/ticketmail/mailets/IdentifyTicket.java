package org.ticketmail.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.MessageIds;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Pipeline step 3: which ticket the mail belongs to. The ticket number is taken from the subject by the
 * gateway's ticket tag ({@code ticket.subjectPattern}); without one, from the {@code In-Reply-To} and
 * {@code References}: a Message-ID the gateway signed ({@link ThreadIds}), or, for a verified employee, one of a mail
 * recorded on the ticket. Sets {@link TicketAttributes#THREADING} to the rule that decided.
 *
 * <p>A ticket takes the mail only when the sender may write to it ({@link RecipientRules#mayWrite}).
 * Otherwise the mail is handled as one without a number (it opens a new ticket) and
 * {@link TicketAttributes#TICKET_NOTE} says why, so nothing attaches silently and nothing is lost.
 * Reads the sender from IdentifySender; sets {@link TicketAttributes#TICKET}. Takes no parameters.
 */
public class IdentifyTicket extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(IdentifyTicket.class);

    private final TicketStore store;
    private final MessageIds messageIds;
    private final DirectoryProvider directories;
    private final Gateway gateway;

    @Inject
    public IdentifyTicket(TicketStore store, MessageIds messageIds, DirectoryProvider directories, Gateway gateway) {
        this.store = store;
        this.messageIds = messageIds;
        this.directories = directories;
        this.gateway = gateway;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        if (TicketAttributes.flag(mail, TicketAttributes.RATING)) {
            return; // ReadRating found the ticket
        }
        Directory directory = TicketAttributes.directory(mail, directories, step());
        RecipientRules rules = new RecipientRules(directory, gateway);
        Writer writer = writer(mail, directory, rules);
        MimeMessage message = mail.getMessage();
        TicketTag tag = gateway.tag();
        Optional<String> number = tag.find(MailHeaders.subject(message));
        if (number.isPresent()) {
            Optional<Ticket> ticket = store.ticket(number.get());
            if (ticket.isEmpty()) {
                refuse(mail, "the subject names " + tag.format(number.get()) + ", which does not exist; a new ticket was opened");
            } else if (lockedForCustomer(mail, ticket.get())) {
                refuse(mail, lockedNote(tag, ticket.get()));
            } else if (!writer.mayWrite(ticket.get())) {
                refuse(mail, "the subject names " + tag.format(number.get()) + ", but the sender is neither an employee, a recipient"
                        + " of it nor a contact of its account; a new ticket was opened");
            } else {
                attach(mail, ticket.get(), Threading.SUBJECT, "subject");
            }
            return;
        }
        threadByReference(mail, MailHeaders.threadIds(message), writer, tag);
    }

    /**
     * Issue 10, "threading that cannot be forged": a reference ties the mail to a ticket only when it is a Message-ID the
     * gateway signed, or (for a verified employee) one of a mail recorded on the ticket. An unsigned reference to a
     * ticket, or one whose sender may not write to the ticket, opens a new ticket whose note says why.
     */
    private void threadByReference(Mail mail, java.util.List<String> ids, Writer writer, TicketTag tag) throws MessagingException {
        String refused = null;
        String unsigned = null;
        boolean verifiedEmployee = writer.employee().isPresent()
                && !IdentifySender.UNVERIFIED.equals(TicketAttributes.string(mail, TicketAttributes.VERIFIED).orElse(IdentifySender.UNVERIFIED));
        for (String id : ids) {
            Optional<String> signed = gateway.threadIds().ticketOf(id);
            Optional<Ticket> ticket = signed.flatMap(store::ticket);
            Threading rule = Threading.SIGNED_REFERENCE;
            if (signed.isEmpty()) {
                Optional<Ticket> recorded = messageIds.ticketFor(id).flatMap(store::ticket);
                // Only a mail recorded on the ticket, never an unsigned id in our own shape (one sent before ids were signed, or forged).
                if (recorded.isPresent() && verifiedEmployee && !ThreadIds.looksLikeOurs(id)) {
                    ticket = recorded;
                    rule = Threading.EMPLOYEE_REFERENCE;
                } else {
                    if (unsigned == null && (recorded.isPresent() || ThreadIds.looksLikeOurs(id))) {
                        unsigned = recorded.map(Ticket::number).orElse(id);
                    }
                    continue;
                }
            }
            if (ticket.isEmpty()) {
                continue;
            }
            if (writer.mayWrite(ticket.get())) {
                if (lockedForCustomer(mail, ticket.get())) {
                    refuse(mail, lockedNote(tag, ticket.get()));
                } else {
                    attach(mail, ticket.get(), rule, "thread " + id);
                }
                return;
            }
            if (refused == null) {
                refused = ticket.get().number();
            }
        }
        if (refused != null) {
            refuse(mail, "the mail answers a message of " + tag.format(refused) + ", but the sender is neither an employee, a"
                    + " recipient of it nor a contact of its account; a new ticket was opened");
        } else if (unsigned != null) {
            refuse(mail, "the mail answers " + (unsigned.startsWith("<") || unsigned.contains("@") ? "the message " + unsigned
                    : "a message of " + tag.format(unsigned)) + " by a reference that carries no valid ticketmail signature; a new"
                    + " ticket was opened (put the ticket tag in the subject to add to a ticket)");
        } else {
            LOGGER.debug("message-id={} no ticket number", messageId(mail));
        }
    }

    /** The sender as {@link RecipientRules#mayWrite} needs it. */
    private record Writer(RecipientRules rules, TicketStore store, Optional<Employee> employee,
                          Optional<String> account, String address) {
        boolean mayWrite(Ticket ticket) {
            return rules.mayWrite(ticket, store.recipients(ticket.number()), employee, account, address);
        }
    }

    private Writer writer(Mail mail, Directory directory, RecipientRules rules) throws MessagingException {
        Optional<Employee> employee = TicketAttributes.senderKind(mail, step()) == SenderKind.EMPLOYEE
                ? Optional.of(TicketAttributes.employee(mail, directory, step())) : Optional.empty();
        return new Writer(rules, store, employee, TicketAttributes.string(mail, TicketAttributes.ACCOUNT),
                Addresses.senderAddress(Addresses.from(mail.getMessage(), mail)));
    }

    /** Seed 004: "A CLOSED ticket can be locked to prevent its reopening"; a customer's reply opens a new ticket instead. */
    private boolean lockedForCustomer(Mail mail, Ticket ticket) throws MessagingException {
        return ticket.status().isClosed() && ticket.locked() && TicketAttributes.senderKind(mail, step()) != SenderKind.EMPLOYEE;
    }

    private static String lockedNote(TicketTag tag, Ticket ticket) {
        return "refers to " + tag.format(ticket.number()) + ", which is closed and locked; a new ticket was opened";
    }

    private void attach(Mail mail, Ticket ticket, Threading rule, String how) {
        TicketAttributes.set(mail, TicketAttributes.TICKET, ticket.number());
        TicketAttributes.set(mail, TicketAttributes.THREADING, rule.value());
        LOGGER.debug("ticket={} message-id={} identified by {}", ticket.number(), messageId(mail), how);
    }

    private void refuse(Mail mail, String note) {
        TicketAttributes.set(mail, TicketAttributes.TICKET_NOTE, note);
        TicketAttributes.set(mail, TicketAttributes.THREADING, Threading.REFUSED.value());
        MailLog.decide(mail, "refused-reference");
        LOGGER.debug("message-id={} {}", messageId(mail), note);
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: find the ticket a mail belongs to";
    }
}
