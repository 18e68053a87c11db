package org.ticketmail.mailets;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import javax.mail.MessagingException;

import org.apache.mailet.base.GenericMailet;

/**
 * What our mailets share: strict reading of init parameters, so a typo in mailetcontainer.xml stops
 * start-up with a line naming the mailet, the parameter and the allowed names.
 */
abstract class TicketMailet extends GenericMailet {
    /** Parameters James itself reads on every mailet. */
    private static final Set<String> CONTAINER_PARAMETERS = Set.of("onMailetException", "onMatchException", "debug");

    protected final void allowParameters(String... names) throws MessagingException {
        Set<String> allowed = new TreeSet<>(Set.of(names));
        Iterator<String> it = getInitParameterNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!allowed.contains(name) && !CONTAINER_PARAMETERS.contains(name)) {
                throw new MessagingException("mailetcontainer.xml: " + getClass().getSimpleName() + " has no parameter '"
                        + name + "'; it takes " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)));
            }
        }
    }

    protected final boolean booleanParameter(String name, boolean defaultValue) throws MessagingException {
        String value = getInitParameter(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "y": return true;
            case "false": case "no": case "n": return false;
            default:
                throw new MessagingException("mailetcontainer.xml: " + getClass().getSimpleName() + " " + name + " '" + value
                        + "' is not true or false");
        }
    }

    protected final String messageId(org.apache.mailet.Mail mail) {
        try {
            return MailHeaders.messageIdForLog(mail.getMessage());
        } catch (MessagingException e) {
            return "-";
        }
    }

    /** The step's name in messages: the mailet's class name. */
    protected final String step() {
        return getClass().getSimpleName();
    }
}
