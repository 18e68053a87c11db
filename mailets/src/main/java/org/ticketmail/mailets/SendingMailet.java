package org.ticketmail.mailets;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.ProcessingState;
import org.ticketmail.store.MailRuns;

/**
 * What the mailets that send mail share: the {@code relayProcessor} parameter (default relay), which they
 * declare as their required processing state so the container checks it exists, and the {@code templates}
 * directory their mails are written from ({@link MailTemplate}; an absent file uses the built-in text).
 */
abstract class SendingMailet extends TicketMailet {
    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(SendingMailet.class);
    /** Set on a mail while its step hands something on, so the step is marked done only when it sent. */
    private static final org.apache.mailet.AttributeName HANDED_ON = org.apache.mailet.AttributeName.of("ticketmail.handedOn");

    private String relayProcessor = "relay";
    private Path templates;
    private MailRuns runs;
    private Limits limits;

    /** The bounds on what one sender or ticket makes the gateway send; none when not set (tests of one step). */
    @javax.inject.Inject
    public void setLimits(Limits limits) {
        this.limits = limits;
    }

    protected final java.util.Optional<Limits> limits() {
        return java.util.Optional.ofNullable(limits);
    }

    private org.ticketmail.store.FailingAddresses failing;

    /** The addresses that bounced permanently, to which nothing is sent; none when not set (tests of one step). */
    @javax.inject.Inject
    public void setFailingAddresses(org.ticketmail.store.FailingAddresses failing) {
        this.failing = failing;
    }

    /** Which of the addresses bounced permanently (lower-cased); they get nothing until cleared. */
    protected final java.util.Set<String> failingAmong(Collection<String> addresses) {
        return failing == null ? java.util.Set.of() : failing.among(addresses);
    }

    private RelayHandoff handoff;

    /** How the mails this step writes reach the relay processor; the spool when not set (tests of one step). */
    @javax.inject.Inject
    public void setRelayHandoff(RelayHandoff handoff) {
        this.handoff = handoff;
    }

    /** The mails' runs, so a mail redelivered after a crash does not send again what it sent before. */
    @javax.inject.Inject
    public void setMailRuns(MailRuns runs) {
        this.runs = runs;
    }

    /** This step's name in the mail's run: distribute, answer, alert. */
    protected abstract String stepName();

    /** The step's work on one mail: what it sends. */
    protected abstract void send(Mail mail) throws MessagingException;

    /**
     * Runs the step unless the mail's run says it was done before (the mail is redelivered after a crash), and
     * marks it done when it handed mail on.
     */
    @Override
    protected final void serve(Mail mail) throws MessagingException {
        java.util.Optional<String> key = TicketAttributes.string(mail, TicketAttributes.MESSAGE_KEY);
        if (runs != null && key.isPresent() && TicketAttributes.flag(mail, TicketAttributes.REDELIVERED)
                && runs.run(key.get()).map(r -> r.done().contains(stepName())).orElse(false)) {
            LOGGER.debug("message-id={} {}: done before this mail was redelivered; not again", messageId(mail), stepName());
            return;
        }
        mail.removeAttribute(HANDED_ON);
        send(mail);
        if (runs != null && key.isPresent() && mail.getAttribute(HANDED_ON).isPresent()) {
            runs.done(key.get(), stepName());
        }
        mail.removeAttribute(HANDED_ON);
    }

    /** Hands {@code message} to James for the relay processor, and notes that this step sent something. */
    protected final void sendOn(Mail mail, MailAddress sender, Collection<MailAddress> recipients, MimeMessage message)
            throws MessagingException {
        if (handoff != null) {
            handoff.relay(sender, recipients, message, relayProcessor);
        } else {
            getMailetContext().sendMail(sender, recipients, message, relayProcessor);
        }
        MailLog.sent(mail, recipients.size());
        mail.setAttribute(new org.apache.mailet.Attribute(HANDED_ON, org.apache.mailet.AttributeValue.of(true)));
    }

    /** Reads {@code relayProcessor} and {@code templates}; call from init(). */
    protected final void readSendingParameters() {
        relayProcessor = getInitParameter("relayProcessor", "relay");
        String dir = getInitParameter("templates");
        templates = dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /**
     * The template {@code name}, checked now so a bad one stops the start, and read again when its text or HTML file
     * changes (a broken edit is refused and the version before stays in force).
     */
    protected final java.util.function.Supplier<MailTemplate> template(String name, String builtIn) throws MessagingException {
        if (templates == null) {
            try {
                MailTemplate fixed = MailTemplate.load(null, name, builtIn);
                return () -> fixed;
            } catch (IllegalArgumentException e) {
                throw new MessagingException(e.getMessage());
            }
        }
        return reloading("conf/templates/" + name, List.of(templates.resolve(name + ".txt"), templates.resolve(name + ".html")),
                () -> MailTemplate.load(templates, name, builtIn));
    }

    protected final String relayProcessor() {
        return relayProcessor;
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return List.of(new ProcessingState(relayProcessor));
    }
}
