package org.ticketmail.mailets;

import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.HeldMails;

/**
 * Keeps a mail that does not become ticket traffic (an auto-reply, a bounce, a mail that failed) in the
 * store's held mail, with the reason, so an admin can read it ({@code GET /api/held}); then ends its
 * processing. The reason is {@code reason}, followed by the mail's error message when it has one.
 *
 * <p>Parameters: {@code reason} (required).
 */
public class HoldMail extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(HoldMail.class);

    private final HeldMails held;
    private String reason;

    @Inject
    public HoldMail(HeldMails held) {
        this.held = held;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("reason");
        reason = getInitParameter("reason");
        if (reason == null || reason.isBlank()) {
            throw new MessagingException("mailetcontainer.xml: HoldMail needs a reason, e.g. <reason>auto-reply</reason>");
        }
    }

    private org.ticketmail.store.MailRuns runs;

    /** The mails' runs, to mark a recorded mail's run failed when it is held after a step failed. */
    @Inject
    public void setMailRuns(org.ticketmail.store.MailRuns runs) {
        this.runs = runs;
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        String why = mail.getErrorMessage() == null ? reason : reason + ": " + mail.getErrorMessage();
        // A mail that failed after it was recorded names its ticket: the admin sees which ticket did not hear of it.
        String ticket = TicketAttributes.string(mail, TicketAttributes.TICKET).orElse(null);
        long id = keep(held, mail, why, ticket);
        // Recorded, then a step failed: sent again (downloaded from /api/held), it finishes the steps it had left.
        java.util.Optional<String> key = TicketAttributes.string(mail, TicketAttributes.MESSAGE_KEY);
        if (runs != null && key.isPresent()) {
            runs.failed(key.get());
        }
        MailLog.end(LOGGER, mail, messageId(mail), "held", "held=" + id + " reason=" + why);
        mail.setState(Mail.GHOST);
    }

    /** Keeps the mail whole in held mail: its envelope sender and recipients, subject and bytes, with the reason. Its id. */
    static long keep(HeldMails held, Mail mail, String reason, String ticket) throws MessagingException {
        String recipients = mail.getRecipients().stream().map(Object::toString).collect(Collectors.joining(", "));
        return held.hold(reason, mail.getMaybeSender().asString(), recipients, MailHeaders.subject(mail.getMessage()),
                MailHeaders.bytes(mail.getMessage()), ticket);
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: keep a mail with the reason it is not ticket traffic";
    }
}
