package org.ticketmail.mailets;

import java.io.IOException;
import java.nio.file.Path;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.quote.MailText;
import org.ticketmail.quote.QuoteRules;
import org.ticketmail.quote.QuoteStripper;
import org.ticketmail.quote.Stripped;

/**
 * Pipeline step 5: the reply text to record, without quoted history (seed 002, "Regular Expression").
 * The rules come from the file in {@code rules} (the predefined set when absent); a bad file stops
 * start-up naming the file and line, and an edit is read again (a broken one refused, the rules before kept). A body that cannot be read leaves an empty text and a note: the
 * original message is always kept by {@link RecordHistory}. A verified employee's command lines
 * (ReadCommands) are not part of the text. Sets {@link TicketAttributes#TEXT} and
 * {@link TicketAttributes#TEXT_NOTE}.
 */
public class StripQuotedText extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(StripQuotedText.class);

    private java.util.function.Supplier<QuoteStripper> stripper;

    @Override
    public void init() throws MessagingException {
        allowParameters("rules");
        String rules = getInitParameter("rules");
        if (rules == null || rules.isBlank()) {
            QuoteStripper defaults = new QuoteStripper(QuoteRules.defaults());
            stripper = () -> defaults;
        } else {
            // Read again when edited: a broken edit is refused (file, line, reason) and the rules before stay in force.
            stripper = reloading(rules, java.util.List.of(Path.of(rules)), () -> new QuoteStripper(QuoteRules.load(Path.of(rules), rules)));
        }
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        Stripped stripped;
        QuoteStripper stripper = this.stripper.get();
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
