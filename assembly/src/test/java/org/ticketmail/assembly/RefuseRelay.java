package org.ticketmail.assembly;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * A mailet for the relay processor of a test: fails on mail to {@link #refused}, as RemoteDelivery fails when the
 * outgoing queue refuses a mail. The appliance runs in the test's JVM, so the test sets and clears the address.
 */
public class RefuseRelay extends GenericMailet {
    static volatile String refused;

    @Override
    public void service(Mail mail) throws MessagingException {
        String address = refused;
        if (address != null && mail.getRecipients().stream().anyMatch(r -> r.asString().equalsIgnoreCase(address))) {
            throw new MessagingException("the outgoing queue refused the mail (test)");
        }
    }
}
