package org.ticketmail.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;

/**
 * Pipeline step 3: which ticket the mail belongs to. The ticket number is taken from the subject by
 * {@code ticketPattern} (group 1 is the number; default {@code Ticket [YYMM-NNNN]}); without one, from
 * the {@code In-Reply-To} and {@code References} of a message the gateway recorded or sent.
 *
 * <p>A number attaches the mail only when the ticket exists and the sender may write to it: any
 * employee; a customer who is a recipient of the ticket or a contact of its account. Otherwise the mail
 * is handled as one without a number (it opens a new ticket) and {@link TicketAttributes#TICKET_NOTE}
 * says why, so nothing attaches silently and nothing is lost.
 *
 * <p>Parameters: {@code ticketPattern}, {@code ticketFormat} (see {@link TicketTag}).
 */
public class IdentifyTicket extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(IdentifyTicket.class);

    private final TicketStore store;
    private TicketTag tag;

    @Inject
    public IdentifyTicket(TicketStore store) {
        this.store = store;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("ticketPattern", "ticketFormat");
        tag = TicketTag.of("IdentifyTicket", getInitParameter("ticketPattern"), getInitParameter("ticketFormat"));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        String subject = subject(message);
        Optional<String> number = tag.find(subject);
        if (number.isPresent()) {
            Optional<Ticket> ticket = store.ticket(number.get());
            if (ticket.isEmpty()) {
                note(mail, "the subject names " + tag.format(number.get()) + ", which does not exist; a new ticket was opened");
                return;
            }
            if (!mayWrite(mail, ticket.get())) {
                note(mail, "the subject names " + tag.format(number.get()) + ", but the sender is neither an employee, a recipient"
                        + " of it nor a contact of its account; a new ticket was opened");
                return;
            }
            attach(mail, ticket.get(), "subject");
            return;
        }
        for (String id : threadIds(message)) {
            Optional<Ticket> ticket = store.ticketForMessageId(id).flatMap(store::ticket);
            if (ticket.isPresent() && mayWrite(mail, ticket.get())) {
                attach(mail, ticket.get(), "thread " + id);
                return;
            }
        }
        LOGGER.info("message-id={} no ticket number", messageId(mail));
    }

    private void attach(Mail mail, Ticket ticket, String how) {
        TicketAttributes.set(mail, TicketAttributes.TICKET, ticket.number());
        LOGGER.info("ticket={} message-id={} identified by {}", ticket.number(), messageId(mail), how);
    }

    private void note(Mail mail, String note) {
        TicketAttributes.set(mail, TicketAttributes.TICKET_NOTE, note);
        LOGGER.info("message-id={} {}", messageId(mail), note);
    }

    private boolean mayWrite(Mail mail, Ticket ticket) throws MessagingException {
        if (TicketAttributes.isEmployee(mail)) {
            return true;
        }
        Optional<String> account = TicketAttributes.string(mail, TicketAttributes.ACCOUNT);
        if (account.isPresent() && account.get().equals(ticket.accountId())) {
            return true;
        }
        String sender = Addresses.senderAddress(Addresses.from(mail.getMessage(), mail));
        return store.recipients(ticket.number()).stream().map(Recipient::address).anyMatch(sender::equals);
    }

    static String subject(MimeMessage message) {
        try {
            String s = message.getSubject();
            return s == null ? "" : s;
        } catch (MessagingException e) {
            return "";
        }
    }

    /** Message-IDs from In-Reply-To first, then References newest first. */
    static List<String> threadIds(MimeMessage message) {
        List<String> ids = new ArrayList<>();
        for (String header : new String[] {"In-Reply-To", "References"}) {
            try {
                String value = message.getHeader(header, " ");
                if (value == null) {
                    continue;
                }
                List<String> found = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("<[^<>\\s]+>").matcher(value);
                while (m.find()) {
                    found.add(m.group());
                }
                java.util.Collections.reverse(found);
                for (String id : found) {
                    if (!ids.contains(id)) {
                        ids.add(id);
                    }
                }
            } catch (MessagingException e) {
                // unreadable header: no thread ids from it
            }
        }
        return ids;
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: find the ticket a mail belongs to";
    }
}
