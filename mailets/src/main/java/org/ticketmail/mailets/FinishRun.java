package org.ticketmail.mailets;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.MailRuns;

/**
 * The last step of the ticket pipeline: the mail's run is complete, so a later copy of the same mail (same
 * Message-ID and body) is a repeat, held as one, not a redelivery with steps left to do. Takes no
 * parameters. Writes the mail's one INFO line ({@link MailLog}) and times it from SMTP accept.
 */
public class FinishRun extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger("org.ticketmail.mail");
    private final MailRuns runs;

    @Inject
    public FinishRun(MailRuns runs) {
        this.runs = runs;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        java.util.Optional<String> key = TicketAttributes.string(mail, TicketAttributes.MESSAGE_KEY);
        if (key.isPresent()) {
            runs.complete(key.get());
        }
        MailLog.sinceAccepted(mail).ifPresent(ms -> metrics().ifPresent(m -> m.mailDone(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(ms))));
        MailLog.end(LOGGER, mail, messageId(mail), "done", null);
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: note that a mail went through every step";
    }
}
