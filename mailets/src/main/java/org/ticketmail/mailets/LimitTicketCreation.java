package org.ticketmail.mailets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;
import org.ticketmail.store.sla.SlaBooks;
import org.ticketmail.store.sla.SlaTerms;
import org.ticketmail.store.sla.TicketLimits;

/**
 * Seed 004's limits on ticket creation (issue 13): a customer's mail that would open a ticket, while its sender already
 * has as many tickets open as their account's service level allows ({@code openTicketLimit}) or has opened as many in
 * the last year ({@code totalTicketLimit}), meets the limit's mode:
 * <ul>
 *   <li>{@code force}: no ticket; the mail is held (reason {@code ticket limit: ...}, {@code GET /api/held?reason=limit};
 *       {@code ticketmail release ID} opens it after all) and its sender gets {@code conf/templates/ticket-limit.txt};</li>
 *   <li>{@code warn}: the ticket opens; its history notes the limit, and the manager it will have is told
 *       ({@code conf/templates/ticket-limit-warning.txt}).</li>
 * </ul>
 * Replies to existing tickets, employees' mail and released mail are never limited. Runs after IdentifyTicket, before
 * RecordHistory. Parameters: {@code templates}, {@code relayProcessor}.
 *
 * <p>Killed between holding the mail and sending the refusal, the mail comes again: it is held a second time and the
 * refusal goes then. A mail whose Message-ID was recorded before (it comes again after a crash, or is sent twice) is
 * not limited: the ticket it opened would count against it. Two new mails of one contact at the same moment may both
 * pass a limit they reach together.
 */
public class LimitTicketCreation extends SendingMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(LimitTicketCreation.class);

    /** The built-in conf/templates/ticket-limit.txt: the refusal to the customer. */
    static final String REFUSAL = """
            Subject: Not opened: _incident_title_

            Hello _fullname_,

            we received your mail "_incident_title_", but it did not open a new ticket:
            _sla_detail_

            Please reply to one of your open tickets instead, or write again once one
            is closed. Your mail is kept; if it needs a ticket of its own, we can
            still open it for you.

            _sitename_
            """;

    /** The built-in conf/templates/ticket-limit-warning.txt: to the manager of a ticket opened over a limit. */
    static final String WARNING = """
            Subject: Ticket limit passed: _incident_title_

            Hello _fullname_,

            _author_ (_sla_name_) passed a ticket limit with the mail
            "_incident_title_":
            _sla_detail_

            The limit only warns, so the mail opens a ticket as usual; its copy
            reaches you as every new ticket's does.

            _sitename_
            """;

    private final TicketStore store;
    private final HeldMails held;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private final SlaBooks books;
    private final org.ticketmail.store.MessageIds messageIds;
    private Supplier<MailTemplate> refusal;
    private Supplier<MailTemplate> warning;

    @Inject
    public LimitTicketCreation(TicketStore store, HeldMails held, DirectoryProvider directories, Gateway gateway, SlaBooks books,
                               org.ticketmail.store.MessageIds messageIds) {
        this.messageIds = messageIds;
        this.store = store;
        this.held = held;
        this.directories = directories;
        this.gateway = gateway;
        this.books = books;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("templates", "relayProcessor");
        readSendingParameters();
        refusal = template("ticket-limit", REFUSAL);
        warning = template("ticket-limit-warning", WARNING);
    }

    @Override
    protected String stepName() {
        return "limit";
    }

    /**
     * A limit a new ticket would pass: what it counts ({@code "{n} open at once"}, with {@code {n}} for the count), how many
     * there are, the most allowed, and its mode.
     */
    record Passed(String what, int count, int max, TicketLimits.Mode mode) {
        private String counted() {
            return what.replace("{n}", count + (count == 1 ? " ticket" : " tickets"));
        }

        String forSender() {
            return "you have " + counted() + ", and your service level allows " + max + ".";
        }

        String forManager() {
            return "they have " + counted() + "; the limit is " + max + ".";
        }

        String forReason(String contact) {
            return contact + " has " + counted() + ", the limit is " + max;
        }
    }

    @Override
    protected void send(Mail mail) throws MessagingException {
        if (TicketAttributes.flag(mail, TicketAttributes.RELEASED) || TicketAttributes.string(mail, TicketAttributes.TICKET).isPresent()
                || TicketAttributes.string(mail, TicketAttributes.RATING).isPresent()
                || TicketAttributes.senderKind(mail, step()) != SenderKind.CUSTOMER) {
            return;
        }
        Directory directory = TicketAttributes.directory(mail, directories, step());
        Optional<Account> account = TicketAttributes.string(mail, TicketAttributes.ACCOUNT).flatMap(directory::account);
        if (account.isEmpty()) {
            return;
        }
        Optional<SlaTerms> terms = books.get().forAccount(account.get().sla());
        if (terms.isEmpty() || !terms.get().ticketLimits().any()) {
            return;
        }
        Optional<InternetAddress> from = Addresses.from(mail.getMessage(), mail);
        String contact = Addresses.senderAddress(from).toLowerCase(java.util.Locale.ROOT);
        if (contact.isEmpty()) {
            return;
        }
        if (messageIds.ticketFor(mail.getMessage().getMessageID()).isPresent()) {
            // Recorded before: the ticket this very mail opened would count against it. RecordHistory finishes a run a
            // crash cut short, or holds a repeat.
            return;
        }
        TicketLimits limits = terms.get().ticketLimits();
        List<Passed> passed = new ArrayList<>();
        if (limits.open() > 0) {
            int open = store.openTicketsOf(contact);
            if (open >= limits.open()) {
                passed.add(new Passed("{n} open at once", open, limits.open(), limits.openMode()));
            }
        }
        if (limits.total() > 0) {
            int opened = store.ticketsOpenedSince(contact, store.clock().instant().minus(Duration.ofDays(365)));
            if (opened >= limits.total()) {
                passed.add(new Passed("opened {n} in the last year", opened, limits.total(), limits.totalMode()));
            }
        }
        if (passed.isEmpty()) {
            return;
        }
        String subject = MailHeaders.subject(mail.getMessage());
        String name = from.map(InternetAddress::getPersonal).filter(p -> p != null && !p.isBlank()).orElse(contact);
        List<Passed> forced = passed.stream().filter(p -> p.mode() == TicketLimits.Mode.FORCE).toList();
        if (!forced.isEmpty()) {
            refuse(mail, contact, name, subject, terms.get(), forced);
        } else {
            warn(mail, directory, account.get(), contact, name, subject, terms.get(), passed);
        }
    }

    private void refuse(Mail mail, String contact, String name, String subject, SlaTerms terms, List<Passed> forced)
            throws MessagingException {
        String why = forced.stream().map(p -> p.forReason(contact)).reduce((a, b) -> a + "; " + b).orElse("");
        long id = HoldMail.keep(held, mail, "ticket limit: " + why + " (" + terms.name() + ")", null);
        MailLog.decide(mail, "ticket-limit");
        if (!failingAmong(List.of(contact)).isEmpty() || !Addresses.deliverable(contact) || gateway.isSupportAddress(contact)) {
            MailLog.end(LOGGER, mail, messageId(mail), "held", "held=" + id + " reason=ticket limit; the sender cannot be told");
            mail.setState(Mail.GHOST);
            return;
        }
        Optional<Limits.Refusal> over = limits().flatMap(l -> l.acknowledgment(contact));
        if (over.isEmpty()) {
            Map<String, String> values = new HashMap<>();
            values.put("fullname", name);
            values.put("incident_title", subject);
            values.put("sla_name", terms.name());
            values.put("sla_detail", forced.stream().map(Passed::forSender).reduce((a, b) -> a + "\n" + b).orElse(""));
            values.put("sitename", gateway.supportName());
            values.put("support_address", gateway.supportAddress());
            MailTemplate.Rendered r = refusal.get().render(values);
            OutgoingMessage m = GatewayMail.composeUntagged(gateway, "<limit-" + id + "." + java.util.UUID.randomUUID() + "@"
                    + gateway.supportAddress().substring(gateway.supportAddress().indexOf('@') + 1) + ">", Addresses.named(contact, name), r,
                    mail.getMessage().getMessageID());
            sendOn(mail, new MailAddress(gateway.supportAddress()), List.of(new MailAddress(contact)), m);
        }
        MailLog.end(LOGGER, mail, messageId(mail), "held", "held=" + id + " reason=ticket limit " + why);
        mail.setState(Mail.GHOST);
    }

    private void warn(Mail mail, Directory directory, Account account, String contact, String name, String subject, SlaTerms terms,
                      List<Passed> passed) throws MessagingException {
        String detail = passed.stream().map(Passed::forManager).reduce((a, b) -> a + "\n" + b).orElse("");
        TicketAttributes.set(mail, TicketAttributes.LIMIT_NOTE, "over a ticket limit of " + terms.name() + " (warned): "
                + detail.replace("\n", " "));
        MailLog.decide(mail, "ticket-limit-warned");
        String managerId = new RecipientRules(directory, gateway).customerOpens(contact, Optional.of(account)).managerId();
        Optional<Employee> manager = Optional.ofNullable(managerId).flatMap(directory::employee).filter(Employee::active);
        if (manager.isEmpty()) {
            LOGGER.info("message-id={} {} passed a ticket limit ({}); the ticket has no manager to tell", messageId(mail), contact, detail);
            return;
        }
        Map<String, String> values = new HashMap<>();
        values.put("fullname", manager.get().name());
        values.put("author", name.equals(contact) ? contact : name + " <" + contact + ">");
        values.put("incident_title", subject);
        values.put("sla_name", terms.name());
        values.put("sla_detail", detail);
        values.put("sitename", gateway.supportName());
        values.put("support_address", gateway.supportAddress());
        MailTemplate.Rendered r = warning.get().render(values);
        OutgoingMessage m = GatewayMail.composeUntagged(gateway, "<limit-warning." + java.util.UUID.randomUUID() + "@"
                + gateway.supportAddress().substring(gateway.supportAddress().indexOf('@') + 1) + ">",
                Addresses.named(manager.get().primaryAddress(), manager.get().name()), r, null);
        sendOn(mail, new MailAddress(gateway.supportAddress()), List.of(new MailAddress(manager.get().primaryAddress())), m);
        LOGGER.info("message-id={} {} passed a ticket limit ({}); the ticket opens and {} is told", messageId(mail), contact, detail,
                manager.get().id());
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: hold or warn of a customer's new ticket over their service level's ticket limits";
    }
}
