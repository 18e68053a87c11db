package org.ticketmail.mailets;

import java.io.IOException;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.quote.MailText;

/**
 * Pipeline step 5: a verified employee's command lines ({@link CommandReader#split}), read from the top of
 * the new text before the quote rules run, so a command right above an attribution line is not cut away
 * with the quote. Customers' mail and unverified mail in an employee's name never carry commands: a
 * {@code #close} line from them is text. Sets {@link TicketAttributes#COMMANDS}; RecordHistory applies
 * them. Takes no parameters.
 */
public class ReadCommands extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReadCommands.class);

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        if (TicketAttributes.senderKind(mail, step()) != SenderKind.EMPLOYEE
                || IdentifySender.UNVERIFIED.equals(TicketAttributes.require(mail, TicketAttributes.VERIFIED, step()))) {
            return;
        }
        String text;
        try {
            text = MailText.of(mail.getMessage()).text();
        } catch (IOException | RuntimeException e) {
            return; // an unreadable body has no commands; StripQuotedText notes what it could not read
        }
        CommandReader.Split split = CommandReader.split(text);
        if (!split.lines().isEmpty()) {
            TicketAttributes.set(mail, TicketAttributes.COMMANDS, String.join("\n", split.lines()));
            LOGGER.debug("message-id={} {} command line(s)", messageId(mail), split.lines().size());
        }
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: read a verified employee's command lines";
    }
}
