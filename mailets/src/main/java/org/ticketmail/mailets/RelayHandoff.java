package org.ticketmail.mailets;

import java.util.Collection;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;

/**
 * How the sending steps hand a mail they wrote to the relay processor. Without one, they use
 * {@code MailetContext.sendMail}, which queues the mail in the spool for a spool thread to take to that processor.
 * The appliance binds one that runs the processor in the sending thread instead: the mail is in James' outgoing
 * queue when this returns, as durably as it would be in the spool, and a queue trip less.
 */
public interface RelayHandoff {
    /** Runs {@code message} from {@code sender} to {@code recipients} through the processor {@code processor}. */
    void relay(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message, String processor) throws MessagingException;
}
