package org.ticketmail.mailets;

import java.io.IOException;
import java.nio.file.Path;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.quote.MailText;
import org.ticketmail.quote.QuoteRules;
import org.ticketmail.quote.QuoteRulesException;
import org.ticketmail.quote.QuoteStripper;
import org.ticketmail.quote.Stripped;

/**
 * Pipeline step 5: the reply text to record, without quoted history (seed 002, "Regular Expression").
 * The rules come from the file in {@code rules} (the predefined set when absent); a bad file stops
 * start-up naming the file and line. A body that cannot be read leaves an empty text and a note: the
 * original message is always kept by {@link RecordHistory}. A verified employee's command lines
 * (ReadCommands) are not part of the text. Sets {@link TicketAttributes#TEXT} and
 * {@link TicketAttributes#TEXT_NOTE}.
 */
public class StripQuotedText extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(StripQuotedText.class);

    private QuoteStripper stripper;

    @Override
    public void init() throws MessagingException {
        allowParameters("rules");
        String rules = getInitParameter("rules");
        try {
            stripper = new QuoteStripper(rules == null || rules.isBlank() ? QuoteRules.defaults()
                    : QuoteRules.load(Path.of(rules), rules));
        } catch (QuoteRulesException e) {
            throw new MessagingException(e.getMessage());
        }
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        Stripped stripped;
        try {
            stripped = TicketAttributes.flag(mail, TicketAttributes.COMMANDS)
                    ? MailText.reply(mail.getMessage(), stripper, text -> CommandReader.split(text).rest())
                    : MailText.reply(mail.getMessage(), stripper);
        } catch (MessagingException | IOException | RuntimeException e) {
            stripped = new Stripped("", "the body could not be read (" + e.getMessage() + "); see the original message");
            LOGGER.warn("message-id={} body unreadable: {}", messageId(mail), e.toString());
        }
        TicketAttributes.set(mail, TicketAttributes.TEXT, stripped.text());
        if (stripped.note() != null) {
            TicketAttributes.set(mail, TicketAttributes.TEXT_NOTE, stripped.note());
        }
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: strip quoted text by ordered regex rules";
    }
}
