package org.ticketmail.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;

/**
 * Pipeline step 3: a customer's answer to the closure alert's rating request (seed 004, "Quality
 * assurance and feedback"): a mail whose subject carries {@code Rating: good} or {@code bad}, the tag of a
 * closed ticket and that ticket's signed code ({@link RatingTokens}). It belongs to that ticket even when
 * the ticket is locked, and RecordHistory records the rating instead of reopening the ticket. A wrong
 * code, or a ticket that is no longer closed, makes it an ordinary mail. Sets {@link TicketAttributes#TICKET}
 * and {@link TicketAttributes#RATING}. Takes no parameters.
 */
public class ReadRating extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReadRating.class);

    private final TicketStore store;
    private final Gateway gateway;
    private final RatingTokens tokens;

    @Inject
    public ReadRating(TicketStore store, Gateway gateway, RatingTokens tokens) {
        this.store = store;
        this.gateway = gateway;
        this.tokens = tokens;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        TicketAttributes.senderKind(mail, step());
        String subject = MailHeaders.subject(mail.getMessage());
        Optional<RatingTokens.Rating> rating = RatingTokens.find(subject);
        Optional<String> number = gateway.tag().find(subject);
        if (rating.isEmpty() || number.isEmpty()) {
            return;
        }
        Optional<Ticket> ticket = store.ticket(number.get());
        if (ticket.isEmpty() || !tokens.valid(number.get(), rating.get().code())) {
            LOGGER.debug("message-id={} a rating for {} with a code that is not the ticket's: an ordinary mail", messageId(mail), number.get());
            return;
        }
        if (!ticket.get().status().isClosed()) {
            LOGGER.debug("ticket={} message-id={} a rating, but the ticket is {} again: an ordinary reply", number.get(), messageId(mail),
                    ticket.get().status().jsonName());
            return;
        }
        TicketAttributes.set(mail, TicketAttributes.TICKET, number.get());
        TicketAttributes.set(mail, TicketAttributes.RATING, rating.get().value());
        LOGGER.debug("ticket={} message-id={} rated {}", number.get(), messageId(mail), rating.get().value());
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: recognise a customer's rating of a closed ticket";
    }
}
