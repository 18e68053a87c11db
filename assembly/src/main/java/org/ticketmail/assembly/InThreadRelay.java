package org.ticketmail.assembly;

import java.util.Collection;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.ticketmail.mailets.RelayHandoff;

/**
 * Runs a mail the pipeline wrote through the relay processor in the thread that wrote it, where
 * {@code MailetContext.sendMail} would queue it in the spool for a spool thread to do the same. The mail is built as
 * {@code sendMail} builds it (a new name, marked as sent by a mailet); the relay processor's RemoteDelivery puts it in
 * the persistent outgoing queue before this returns, so a step that sent is marked done only after its mail is as safe
 * as the spool would have kept it.
 *
 * <p>A mailet of the relay processor that fails (RemoteDelivery when the outgoing queue refuses the mail) makes James
 * send the mail to the error processor, which holds it, and return normally. That held copy is not for the support
 * address, so it cannot be released; this therefore throws, so the step is not marked done and the ticket mail is held
 * instead, with its run: released, it runs the step again (at worst a recipient whose copy was queued gets it twice).
 *
 * <p>Why: every copy and answer made two trips through ActiveMQ (spool, then outgoing), each a journal write, a
 * dispatch and a MIME parse; this takes one away for 1.4 mails of every mail received.
 */
final class InThreadRelay implements RelayHandoff {
    private final Provider<MailProcessor> processors;

    @Inject
    InThreadRelay(Provider<MailProcessor> processors) {
        this.processors = processors;
    }

    @Override
    public void relay(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message, String processor) throws MessagingException {
        MailImpl mail = MailImpl.builder().name(MailImpl.getId()).sender(sender).addRecipients(recipients).mimeMessage(message).build();
        try {
            mail.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
            mail.setState(processor);
            processors.get().service(mail);
            if (mail.getErrorMessage() != null) {
                throw new MessagingException("the " + processor + " processor failed on the mail to " + recipients + ": "
                        + mail.getErrorMessage().lines().findFirst().orElse(""));
            }
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }
}
