package org.ticketmail.mailets;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Pipeline step 0 (issue 14): spam and phishing never become tickets. Before any ticket work, the mail is judged by
 * the {@link SpamFilter}:
 * <ul>
 *   <li>spam is held with reason {@code spam}, its score and rules ({@code GET /api/held?reason=spam}), opens no
 *       ticket, gets no acknowledgment and reaches nobody. When it came from an employee or a contact listed in
 *       conf/directory.yaml, somebody is told, so a false positive is not lost silently: the contact's account's
 *       default ticket manager (else its account manager, else the dispatcher), or for an employee the dispatcher
 *       (else the employee);</li>
 *   <li>a suspect mail goes on marked ({@link TicketAttributes#SPAM_SUSPECT}, {@link TicketAttributes#SPAM_PREFIX}): its
 *       ticket is marked suspect, no acknowledgment goes out, and its copies' subjects carry the score;</li>
 *   <li>a mail that could not be checked (spamd down or slow, or the mail over {@code spam.maxSize}) goes on (fail open)
 *       with {@link TicketAttributes#SPAM_UNCHECKED}, which its ticket's history notes.</li>
 * </ul>
 * A mail an admin released from held mail ({@link TicketAttributes#RELEASED}) is not judged again. Takes no parameters:
 * the policy is conf/ticketmail.properties' {@code spam.*} keys.
 */
public class FilterSpam extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(FilterSpam.class);

    private final SpamFilter filter;
    private final HeldMails held;
    private final DirectoryProvider directories;
    private final Gateway gateway;

    @Inject
    public FilterSpam(SpamFilter filter, HeldMails held, DirectoryProvider directories, Gateway gateway) {
        this.filter = filter;
        this.held = held;
        this.directories = directories;
        this.gateway = gateway;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        if (!filter.policy().active() || TicketAttributes.flag(mail, TicketAttributes.RELEASED)) {
            return;
        }
        long size;
        try {
            size = mail.getMessageSize();
        } catch (MessagingException e) {
            size = 0;
        }
        SpamFilter.Verdict v = filter.judge(mail.getMessage(), size, mail.getRemoteAddr());
        switch (v.kind()) {
            case SPAM -> hold(mail, v);
            case SUSPECT -> {
                TicketAttributes.set(mail, TicketAttributes.SPAM_SUSPECT, "suspected spam: " + v.why()
                        + (v.rules().isEmpty() ? "" : "; rules " + String.join(", ", v.rules())));
                TicketAttributes.set(mail, TicketAttributes.SPAM_PREFIX, filter.policy().prefix(v.score()));
                metrics().ifPresent(m -> m.spam("suspect"));
                MailLog.decide(mail, "suspect");
                LOGGER.info("message-id={} sender={} suspected spam: {}", messageId(mail), mail.getMaybeSender().asString(), v.why());
            }
            case UNCHECKED, TOO_LARGE -> {
                TicketAttributes.set(mail, TicketAttributes.SPAM_UNCHECKED, v.why());
                if (v.kind() == SpamFilter.Kind.UNCHECKED) {
                    metrics().ifPresent(m -> m.spam("error"));
                    LOGGER.warn("message-id={} {}; the mail goes on unchecked", messageId(mail), v.why());
                }
            }
            default -> LOGGER.debug("message-id={} {}", messageId(mail), v.why());
        }
    }

    private void hold(Mail mail, SpamFilter.Verdict v) throws MessagingException {
        String reason = SpamFilter.holdReason(v);
        long id = HoldMail.keep(held, mail, reason, null);
        // Killed here, the mail is redelivered and held again (a second entry), and the notice below goes out then.
        String from = Addresses.senderAddress(Addresses.from(mail.getMessage(), mail));
        Optional<String> told = tellAboutKnownSender(mail, id, from, MailHeaders.subject(mail.getMessage()), v);
        MailLog.end(LOGGER, mail, messageId(mail), "held", "held=" + id + " reason=" + reason + told.map(t -> " told=" + t).orElse(""));
        mail.setState(Mail.GHOST);
    }

    /**
     * When the From is an employee's or a listed contact's, tells the one who answers for them that their mail was held,
     * with how to release it. Returns whom it told.
     */
    private Optional<String> tellAboutKnownSender(Mail mail, long id, String from, String subject, SpamFilter.Verdict v)
            throws MessagingException {
        if (from.isEmpty()) {
            return Optional.empty();
        }
        Directory directory = directories.snapshot().directory();
        Optional<Employee> employee = directory.employeeByAddress(from);
        Optional<Account> account = employee.isPresent() ? Optional.empty()
                : directory.accountFor(from).filter(a -> a.contact(from).isPresent());
        if (employee.isEmpty() && account.isEmpty()) {
            return Optional.empty();
        }
        Optional<Employee> toldOne;
        String who;
        if (employee.isPresent()) {
            who = employee.get().name() + " (employee " + employee.get().id() + ")";
            toldOne = active(directory, gateway.dispatcher().orElse(null)).filter(d -> !d.id().equals(employee.get().id()))
                    .or(() -> Optional.of(employee.get()));
        } else {
            Account a = account.get();
            who = a.contact(from).map(c -> c.name() == null || c.name().isBlank() ? from : c.name() + " <" + from + ">").orElse(from)
                    + ", a contact of " + a.name();
            toldOne = active(directory, a.defaultTicketManager()).or(() -> active(directory, a.accountManager()))
                    .or(() -> active(directory, gateway.dispatcher().orElse(null)));
        }
        if (toldOne.isEmpty()) {
            LOGGER.warn("held={} mail from {} held as spam, and nobody answers for them (no active default ticket manager, account"
                    + " manager or dispatch.employee): look at GET /api/held?reason=spam", id, who);
            return Optional.empty();
        }
        Employee to = toldOne.get();
        OutgoingMessage notice = new OutgoingMessage("<held-" + id + "." + java.util.UUID.randomUUID() + "@"
                + gateway.supportAddress().substring(gateway.supportAddress().indexOf('@') + 1) + ">");
        notice.setFrom(Addresses.named(gateway.supportAddress(), gateway.supportName()));
        InternetAddress recipient = Addresses.named(to.primaryAddress(), to.name());
        notice.setRecipient(javax.mail.Message.RecipientType.TO, recipient);
        notice.setSubject("Held as spam: " + subject, "UTF-8");
        notice.setText("Hello " + to.name() + ",\n\n"
                + "a mail from " + who + ", to " + gateway.supportAddress() + ", was held as spam. It opened no ticket and reached"
                + " nobody.\n\n"
                + "  Subject: " + subject + "\n"
                + "  Score:   " + (v.score() == null ? "none" : SpamFilter.format(v.score())) + " (spam.threshold "
                + SpamFilter.format(filter.policy().threshold()) + ")\n"
                + "  Rules:   " + (v.rules().isEmpty() ? "none" : String.join(", ", v.rules())) + "\n"
                + "  Why:     " + v.why() + "\n\n"
                + "If it is not spam, release it into the ticket pipeline, where it becomes ticket mail as usual:\n\n"
                + "  ticketmail release " + id + "\n\n"
                + "(or POST /api/held/" + id + "/release on the status server). Held spam is deleted after "
                + filter.policy().retentionDays() + " days.\n\n"
                + gateway.supportName() + "\n", "UTF-8");
        notice.setHeader("Auto-Submitted", "auto-generated");
        notice.setHeader("X-Loop", gateway.supportAddress());
        notice.saveChanges();
        getMailetContext().sendMail(new MailAddress(gateway.supportAddress()), List.of(new MailAddress(to.primaryAddress())), notice, "relay");
        MailLog.sent(mail, 1);
        return Optional.of(to.id());
    }

    private static Optional<Employee> active(Directory directory, String id) {
        return directory.employee(id).filter(Employee::active);
    }

    /** The notices about held mail of known senders leave through the relay processor. */
    @Override
    public java.util.Collection<org.apache.mailet.ProcessingState> requiredProcessingState() {
        return List.of(new org.apache.mailet.ProcessingState("relay"));
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: hold spam before any ticket work, mark suspect mail, let unchecked mail through";
    }
}
