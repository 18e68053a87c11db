package org.ticketmail.mailets;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * The mail attributes the pipeline steps hand on to each other. Each step reads what earlier steps set
 * and sets what it found; the names are public so admins can match on them in mailetcontainer.xml
 * (e.g. {@code HasMailAttribute=ticketmail.opened}).
 */
public final class TicketAttributes {
    /** employee, customer or unknown. */
    public static final AttributeName SENDER_KIND = AttributeName.of("ticketmail.senderKind");
    /** Directory id of the sending employee. */
    public static final AttributeName EMPLOYEE = AttributeName.of("ticketmail.employee");
    /** Directory id of the customer's account. */
    public static final AttributeName ACCOUNT = AttributeName.of("ticketmail.account");
    /** Number of the existing ticket the mail belongs to. */
    public static final AttributeName TICKET = AttributeName.of("ticketmail.ticket");
    /** Why a number in the subject was not used (unknown, or not the sender's ticket). */
    public static final AttributeName TICKET_NOTE = AttributeName.of("ticketmail.ticketNote");
    /** Set when the mail is internal: its value says why (keyword or cc-bcc). */
    public static final AttributeName INTERNAL = AttributeName.of("ticketmail.internal");
    /** The reply text to record. */
    public static final AttributeName TEXT = AttributeName.of("ticketmail.text");
    /** What stripping noted, if anything. */
    public static final AttributeName TEXT_NOTE = AttributeName.of("ticketmail.textNote");
    /** Set when recording the mail opened a new ticket. */
    public static final AttributeName OPENED = AttributeName.of("ticketmail.opened");

    public static final String EMPLOYEE_KIND = "employee";
    public static final String CUSTOMER_KIND = "customer";
    public static final String UNKNOWN_KIND = "unknown";

    private TicketAttributes() {
    }

    public static void set(Mail mail, AttributeName name, String value) {
        mail.setAttribute(new Attribute(name, AttributeValue.of(value)));
    }

    public static void set(Mail mail, AttributeName name, boolean value) {
        mail.setAttribute(new Attribute(name, AttributeValue.of(value)));
    }

    public static Optional<String> string(Mail mail, AttributeName name) {
        return AttributeUtils.getValueAndCastFromMail(mail, name, String.class);
    }

    public static boolean flag(Mail mail, AttributeName name) {
        return mail.getAttribute(name).isPresent();
    }

    public static boolean isEmployee(Mail mail) {
        return string(mail, SENDER_KIND).filter(EMPLOYEE_KIND::equals).isPresent();
    }
}
