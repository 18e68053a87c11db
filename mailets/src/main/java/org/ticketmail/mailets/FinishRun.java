package org.ticketmail.mailets;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.ticketmail.store.MailRuns;

/**
 * The last step of the ticket pipeline: the mail's run is complete, so a later copy of the same mail (same
 * Message-ID and body) is a repeat, held as one, not a redelivery with steps left to do. Takes no
 * parameters.
 */
public class FinishRun extends TicketMailet {
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
    public void service(Mail mail) throws MessagingException {
        java.util.Optional<String> key = TicketAttributes.string(mail, TicketAttributes.MESSAGE_KEY);
        if (key.isPresent()) {
            runs.complete(key.get());
        }
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: note that a mail went through every step";
    }
}
