package org.ticketmail.mailets;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * The pipeline contract: the mail attributes the steps hand on to each other, each with the step that
 * sets it and the steps that read it. A step that reads an attribute nobody set fails with a message
 * naming the step that should have run before it, so a mailetcontainer.xml with a step missing or out of
 * order stops the mail in the error processor (held, with that reason) instead of doing the wrong thing.
 * The names are public so admins can match on them ({@code HasMailAttribute=ticketmail.opened}).
 *
 * <table>
 *   <caption>who sets and who reads</caption>
 *   <tr><th>attribute</th><th>set by</th><th>read by</th></tr>
 *   <tr><td>{@link #DIRECTORY}</td><td>IdentifySender</td><td>every later step that asks the directory</td></tr>
 *   <tr><td>{@link #SENDER_KIND}, {@link #EMPLOYEE}, {@link #ACCOUNT}</td><td>IdentifySender</td>
 *       <td>IdentifyTicket, ClassifyMail, RecordHistory, DistributeToRecipients, AcknowledgeNewTicket</td></tr>
 *   <tr><td>{@link #TICKET}</td><td>IdentifyTicket (an existing ticket), RecordHistory (always)</td>
 *       <td>RecordHistory, DistributeToRecipients, AcknowledgeNewTicket</td></tr>
 *   <tr><td>{@link #RATING}</td><td>ReadRating</td><td>IdentifyTicket, RecordHistory</td></tr>
 *   <tr><td>{@link #TICKET_NOTE}, {@link #THREADING}</td><td>IdentifyTicket</td><td>RecordHistory</td></tr>
 *   <tr><td>{@link #LIMIT_NOTE}</td><td>LimitTicketCreation</td><td>RecordHistory</td></tr>
 *   <tr><td>{@link #INTERNAL}</td><td>ClassifyMail</td><td>RecordHistory, DistributeToRecipients</td></tr>
 *   <tr><td>{@link #VERIFIED}</td><td>IdentifySender</td><td>ClassifyMail, ReadCommands, RecordHistory, AnswerSender</td></tr>
 *   <tr><td>{@link #COMMANDS}</td><td>ReadCommands</td><td>StripQuotedText, RecordHistory</td></tr>
 *   <tr><td>{@link #TEXT}, {@link #TEXT_NOTE}</td><td>StripQuotedText</td><td>RecordHistory</td></tr>
 *   <tr><td>{@link #CHANGES}, {@link #REFUSED}</td><td>RecordHistory</td><td>DistributeToRecipients, AnswerSender</td></tr>
 *   <tr><td>{@link #SPAM_SUSPECT}, {@link #SPAM_PREFIX}, {@link #SPAM_UNCHECKED}</td><td>FilterSpam</td>
 *       <td>RecordHistory, DistributeToRecipients, AlertCustomers</td></tr>
 *   <tr><td>{@link #RELEASED}</td><td>the release of a held mail</td><td>IsAutoReply, IdentifySender, RecordHistory</td></tr>
 *   <tr><td>{@link #RECORDED}, {@link #OPENED}, {@link #STATUS_CHANGE}, {@link #FIRST_RATING}, {@link #MESSAGE_KEY}</td>
 *       <td>RecordHistory</td><td>DistributeToRecipients, AnswerSender, AlertCustomers</td></tr>
 * </table>
 */
public final class TicketAttributes {
    /** One attribute of the contract: its name and the step that sets it. */
    public record Key(AttributeName name, String setBy) {
        Key(String name, String setBy) {
            this(AttributeName.of(name), setBy);
        }

        @Override
        public String toString() {
            return name.asString();
        }
    }

    /** The generation of the directory the mail is handled with, from its first step to its last. */
    public static final Key DIRECTORY = new Key("ticketmail.directory", "IdentifySender");
    /** employee, customer or unknown ({@link SenderKind}). */
    public static final Key SENDER_KIND = new Key("ticketmail.senderKind", "IdentifySender");
    /** Directory id of the sending employee. */
    public static final Key EMPLOYEE = new Key("ticketmail.employee", "IdentifySender");
    /**
     * How an employee's mail proved it is theirs ({@link TrustPolicy}): auth or network; unverified when no
     * configured way held. Only on employee mail.
     */
    public static final Key VERIFIED = new Key("ticketmail.verified", "IdentifySender");
    /** Directory id of the customer's account. */
    public static final Key ACCOUNT = new Key("ticketmail.account", "IdentifySender");
    /** Number of the ticket the mail belongs to: found by IdentifyTicket, or opened by RecordHistory. */
    public static final Key TICKET = new Key("ticketmail.ticket", "IdentifyTicket");
    /** good or bad: the mail rates its closed ticket (ReadRating also sets {@link #TICKET} then). */
    public static final Key RATING = new Key("ticketmail.rating", "ReadRating");
    /** Why a number in the subject or a thread reference was not used. */
    public static final Key TICKET_NOTE = new Key("ticketmail.ticketNote", "IdentifyTicket");
    /** Why a new ticket opened over a ticket limit of its service level (warn mode), for its history. */
    public static final Key LIMIT_NOTE = new Key("ticketmail.limitNote", "LimitTicketCreation");
    /**
     * Which rule tied the mail to its ticket ({@link Threading}): subject, signed-reference or employee-reference when
     * IdentifyTicket found one; refused when it refused a number or a reference (the mail opens a new ticket).
     */
    public static final Key THREADING = new Key("ticketmail.threading", "IdentifyTicket");
    /** Set when the mail is internal: its value says why (keyword or cc-bcc). */
    public static final Key INTERNAL = new Key("ticketmail.internal", "ClassifyMail");
    /** A verified employee's command lines, one per line, as written. */
    public static final Key COMMANDS = new Key("ticketmail.commands", "ReadCommands");
    /** The reply text to record. */
    public static final Key TEXT = new Key("ticketmail.text", "StripQuotedText");
    /** What stripping noted, if anything. */
    public static final Key TEXT_NOTE = new Key("ticketmail.textNote", "StripQuotedText");
    /** The id of the history entry the mail was recorded as. */
    public static final Key RECORDED = new Key("ticketmail.recorded", "RecordHistory");
    /** The changes the mail's commands made, one per line ({@code status: new → assigned}). */
    public static final Key CHANGES = new Key("ticketmail.changes", "RecordHistory");
    /** The refused command lines, each followed by the reason on the next line; nothing applied and nothing sent on. */
    public static final Key REFUSED = new Key("ticketmail.refused", "RecordHistory");
    /** The status move the mail made, {@code assigned closed}, for the customer alerts. */
    public static final Key STATUS_CHANGE = new Key("ticketmail.statusChange", "RecordHistory");
    /** Set when the mail gave the ticket its first rating (a second one is recorded, not thanked again). */
    public static final Key FIRST_RATING = new Key("ticketmail.firstRating", "RecordHistory");
    /** Set when recording the mail opened a new ticket. */
    public static final Key OPENED = new Key("ticketmail.opened", "RecordHistory");
    /** The mail's idempotency key: the steps after recording mark their work done under it ({@link MailRunOutcome}). */
    public static final Key MESSAGE_KEY = new Key("ticketmail.messageKey", "RecordHistory");
    /**
     * The id of the held mail this mail is, released into the pipeline again by an admin ({@code ticketmail release ID}):
     * set before the pipeline, read by IsAutoReply (which lets it pass), IdentifySender (which trusts neither the
     * client nor a login for it) and RecordHistory (which notes the release).
     */
    public static final Key RELEASED = new Key("ticketmail.released", "the release of a held mail");
    /** Why the mail is suspected spam (score, band, rules): its ticket is marked suspect and no acknowledgment goes out. */
    public static final Key SPAM_SUSPECT = new Key("ticketmail.spamSuspect", "FilterSpam");
    /** The subject prefix of a suspect mail's copies, with its score ({@code spam.suspectPrefix}). */
    public static final Key SPAM_PREFIX = new Key("ticketmail.spamPrefix", "FilterSpam");
    /** Why the mail was not checked for spam (spamd down or slow, the mail too large): its history notes it. */
    public static final Key SPAM_UNCHECKED = new Key("ticketmail.spamUnchecked", "FilterSpam");
    /** Set when the mail was recorded before and James redelivered it (after a crash): its run says what is left to do. */
    public static final Key REDELIVERED = new Key("ticketmail.redelivered", "RecordHistory");

    private TicketAttributes() {
    }

    public static void set(Mail mail, Key key, String value) {
        mail.setAttribute(new Attribute(key.name(), AttributeValue.of(value)));
    }

    public static void set(Mail mail, Key key, boolean value) {
        mail.setAttribute(new Attribute(key.name(), AttributeValue.of(value)));
    }

    public static void set(Mail mail, Key key, long value) {
        mail.setAttribute(new Attribute(key.name(), AttributeValue.of(value)));
    }

    public static Optional<String> string(Mail mail, Key key) {
        return AttributeUtils.getValueAndCastFromMail(mail, key.name(), String.class);
    }

    public static Optional<Long> longValue(Mail mail, Key key) {
        return AttributeUtils.getValueAndCastFromMail(mail, key.name(), Long.class);
    }

    public static boolean flag(Mail mail, Key key) {
        return mail.getAttribute(key.name()).isPresent();
    }

    /** The attribute's text; fails naming the step that sets it when it is missing. */
    public static String require(Mail mail, Key key, String reader) throws MessagingException {
        Optional<String> value = string(mail, key);
        if (value.isEmpty()) {
            throw missing(key, reader);
        }
        return value.get();
    }

    /** The attribute's number; fails naming the step that sets it when it is missing. */
    public static long requireLong(Mail mail, Key key, String reader) throws MessagingException {
        Optional<Long> value = AttributeUtils.getValueAndCastFromMail(mail, key.name(), Long.class);
        if (value.isEmpty()) {
            throw missing(key, reader);
        }
        return value.get();
    }

    /** What kind of sender IdentifySender found. */
    public static SenderKind senderKind(Mail mail, String reader) throws MessagingException {
        return SenderKind.of(require(mail, SENDER_KIND, reader));
    }

    /**
     * The directory snapshot the mail started with (see {@link DirectoryProvider}), so every step sees the
     * same employees and accounts even when {@code conf/directory.yaml} is saved while the mail is in
     * the pipeline.
     */
    public static Directory directory(Mail mail, DirectoryProvider directories, String reader) throws MessagingException {
        long generation = requireLong(mail, DIRECTORY, reader);
        return directories.generation(generation).orElseThrow(() -> new MessagingException(reader + ": the directory this mail"
                + " started with (generation " + generation + ") is no longer remembered; conf/directory.yaml changed too often"
                + " while the mail was in the pipeline. Send it again to handle it with the directory in force now"));
    }

    /**
     * The sending employee, in the mail's directory snapshot; fails when IdentifySender did not find one
     * (a step that asks only for employee mail).
     */
    public static Employee employee(Mail mail, Directory directory, String reader) throws MessagingException {
        String id = require(mail, EMPLOYEE, reader);
        return directory.employee(id).orElseThrow(() -> new MessagingException(reader + ": employee '" + id
                + "' is not in the directory snapshot the mail started with"));
    }

    private static MessagingException missing(Key key, String reader) {
        return new MessagingException(reader + " needs the mail attribute " + key + ", which " + key.setBy() + " sets; put "
                + key.setBy() + " before " + reader + " in the ticket processor of mailetcontainer.xml");
    }
}
