package org.ticketmail.mailets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Pipeline step 8: sends the mail, in its original form, to the ticket's recipients (seed 002, "Ticket
 * Recipients", "Sender Email Address", "Sending Internal Emails"):
 *
 * <ul>
 *   <li>From a customer: the ticket manager in To, the other employee recipients in Cc (without a
 *       receiving manager, the employees are in To).</li>
 *   <li>From an employee: the external recipients in their To, Cc or Bcc; the other employee recipients
 *       in Bcc.</li>
 *   <li>Internal: the employee recipients only, in Bcc (To shows the support address).</li>
 *   <li>Never to the sender. An employee receives only when active, with the "email messages"
 *       privilege, and as their recipient option says: OFF never; ALL always; SUBSCRIBED when listed;
 *       MANAGER when listed or ticket manager; ACCOUNT_MANAGER also when the account's manager.</li>
 *   <li>From {@code Sender Name <support address>} (with {@code useEmployeeSenderName=false}, employee
 *       mail shows {@code responseFromName}); Reply-To the support address; the ticket tag in the
 *       subject.</li>
 * </ul>
 *
 * <p>Parameters: {@code supportAddress} (required; the first is used as From), {@code
 * useEmployeeSenderName} (default true), {@code responseFromName} (default Support), {@code
 * relayProcessor} (default relay), {@code ticketPattern}, {@code ticketFormat}.
 */
public class DistributeToRecipients extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DistributeToRecipients.class);
    /**
     * Headers the copies do not carry: they would reveal the sender's personal address or host (seed 002,
     * "Sender Email Address"), or no longer hold for the rewritten copy (signatures, receipts).
     */
    static final List<String> PRIVATE_HEADERS = List.of("Sender", "Return-Path", "Received", "DKIM-Signature", "Delivered-To",
            "X-Original-To", "Authentication-Results", "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results",
            "Received-SPF", "X-Originating-IP", "X-Originating-Email", "X-Sender", "X-Google-Original-From",
            "Disposition-Notification-To", "Return-Receipt-To");

    private final TicketStore store;
    private final DirectoryProvider directories;
    private List<String> supportAddresses;
    private String support;
    private boolean useEmployeeSenderName;
    private String responseFromName;
    private String relayProcessor;
    private TicketTag tag;

    @Inject
    public DistributeToRecipients(TicketStore store, DirectoryProvider directories) {
        this.store = store;
        this.directories = directories;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("supportAddress", "useEmployeeSenderName", "responseFromName", "relayProcessor", "ticketPattern",
                "ticketFormat");
        supportAddresses = Addresses.parameterList("DistributeToRecipients", "supportAddress", getInitParameter("supportAddress"));
        support = supportAddresses.get(0);
        useEmployeeSenderName = booleanParameter("useEmployeeSenderName", true);
        responseFromName = getInitParameter("responseFromName", "Support");
        relayProcessor = getInitParameter("relayProcessor", "relay");
        tag = TicketTag.of("DistributeToRecipients", getInitParameter("ticketPattern"), getInitParameter("ticketFormat"));
    }

    /** Who gets a distributed mail, and in which header. */
    record Distribution(List<String> to, List<String> cc, List<String> bcc) {
        boolean isEmpty() {
            return to.isEmpty() && cc.isEmpty() && bcc.isEmpty();
        }

        List<String> all() {
            List<String> all = new ArrayList<>(to);
            all.addAll(cc);
            all.addAll(bcc);
            return all;
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<String> number = TicketAttributes.string(mail, TicketAttributes.TICKET);
        if (number.isEmpty()) {
            throw new MessagingException("DistributeToRecipients needs the ticket found by RecordHistory; is RecordHistory before it in mailetcontainer.xml?");
        }
        Ticket ticket = store.ticket(number.get()).orElseThrow(() -> new MessagingException("ticket " + number.get() + " vanished"));
        Directory directory = directories.current();
        MimeMessage original = mail.getMessage();
        Optional<InternetAddress> from = Addresses.from(original, mail);
        String senderAddress = Addresses.senderAddress(from);
        Optional<Employee> senderEmployee = TicketAttributes.string(mail, TicketAttributes.EMPLOYEE).flatMap(directory::employee);
        boolean internal = TicketAttributes.flag(mail, TicketAttributes.INTERNAL);

        Distribution d = deliverable(distribution(ticket, store.recipients(ticket.number()), directory, senderEmployee, senderAddress,
                internal), ticket);
        if (d.isEmpty()) {
            LOGGER.info("ticket={} message-id={} no recipients to distribute to", ticket.number(), messageId(mail));
            return;
        }

        OutgoingMessage copy = new OutgoingMessage(original, OutgoingMessage.newId(ticket.number(), support));
        copy.setFrom(Addresses.named(support, senderName(from, senderEmployee, directory, ticket)));
        copy.setReplyTo(new Address[] {new InternetAddress(support)});
        copy.setRecipients(Message.RecipientType.TO, d.to().isEmpty() ? support : String.join(", ", d.to()));
        if (d.cc().isEmpty()) {
            copy.removeHeader("Cc");
        } else {
            copy.setRecipients(Message.RecipientType.CC, String.join(", ", d.cc()));
        }
        copy.removeHeader("Bcc");
        for (String header : PRIVATE_HEADERS) {
            copy.removeHeader(header);
        }
        copy.setSubject(tag.tagged(IdentifyTicket.subject(original), ticket.number()), "UTF-8");
        copy.setHeader("X-Loop", support);
        copy.setHeader("X-Ticketmail-Ticket", ticket.number());
        copy.saveChanges();

        List<MailAddress> envelope = new ArrayList<>();
        for (String address : d.all()) {
            envelope.add(new MailAddress(address));
        }
        store.mapMessageIds(ticket.number(), List.of(copy.id()));
        getMailetContext().sendMail(new MailAddress(support), envelope, copy, relayProcessor);
        LOGGER.info("ticket={} message-id={} distributed to={} cc={} bcc={}", ticket.number(), messageId(mail), d.to(), d.cc(), d.bcc());
    }

    /** The distribution without addresses James cannot deliver to (stored before they were checked), logged. */
    private static Distribution deliverable(Distribution d, Ticket ticket) {
        List<String> bad = d.all().stream().filter(a -> !Addresses.deliverable(a)).toList();
        if (bad.isEmpty()) {
            return d;
        }
        LOGGER.warn("ticket={} not distributing to undeliverable addresses {}", ticket.number(), bad);
        return new Distribution(d.to().stream().filter(a -> !bad.contains(a)).toList(), d.cc().stream().filter(a -> !bad.contains(a)).toList(),
                d.bcc().stream().filter(a -> !bad.contains(a)).toList());
    }

    private String senderName(Optional<InternetAddress> from, Optional<Employee> employee, Directory directory, Ticket ticket) {
        if (employee.isPresent() && !useEmployeeSenderName) {
            return responseFromName;
        }
        String personal = from.map(InternetAddress::getPersonal).filter(p -> !p.isBlank()).orElse(null);
        if (personal != null) {
            return personal;
        }
        if (employee.isPresent()) {
            return employee.get().name();
        }
        String address = from.map(InternetAddress::getAddress).orElse("");
        return directory.account(ticket.accountId()).flatMap(a -> a.contact(address)).map(c -> c.name())
                .filter(n -> n != null && !n.isBlank()).orElse(address.isEmpty() ? responseFromName : address);
    }

    /** The recipients of a mail on {@code ticket}: see the class comment. */
    Distribution distribution(Ticket ticket, List<Recipient> recipients, Directory directory, Optional<Employee> senderEmployee,
                              String senderAddress, boolean internal) {
        Set<String> exclude = new LinkedHashSet<>(supportAddresses);
        exclude.add(senderAddress);
        senderEmployee.ifPresent(e -> exclude.addAll(e.addresses()));

        Set<String> listed = recipients.stream().filter(Recipient::isEmployee).map(Recipient::employeeId).collect(Collectors.toSet());
        String accountManager = directory.account(ticket.accountId()).map(Account::accountManager).orElse(null);
        List<Employee> receiving = new ArrayList<>();
        for (Employee e : directory.employees()) {
            if (senderEmployee.isPresent() && senderEmployee.get().id().equals(e.id())) {
                continue;
            }
            if (receives(e, listed.contains(e.id()), e.id().equals(ticket.managerId()), e.id().equals(accountManager))) {
                receiving.add(e);
            }
        }
        Set<String> to = new LinkedHashSet<>();
        Set<String> cc = new LinkedHashSet<>();
        Set<String> bcc = new LinkedHashSet<>();
        if (senderEmployee.isEmpty()) {
            for (Employee e : receiving) {
                (e.id().equals(ticket.managerId()) ? to : cc).add(e.primaryAddress());
            }
            if (to.isEmpty()) {
                to.addAll(cc);
                cc.clear();
            }
        } else {
            if (!internal) {
                for (Recipient r : recipients) {
                    switch (r.kind()) {
                        case TO -> to.add(r.address());
                        case CC -> cc.add(r.address());
                        case BCC -> bcc.add(r.address());
                        default -> { }
                    }
                }
            }
            receiving.forEach(e -> bcc.add(e.primaryAddress()));
        }
        to.removeAll(exclude);
        cc.removeAll(exclude);
        cc.removeAll(to);
        bcc.removeAll(exclude);
        bcc.removeAll(to);
        bcc.removeAll(cc);
        return new Distribution(List.copyOf(to), List.copyOf(cc), List.copyOf(bcc));
    }

    static boolean receives(Employee e, boolean listed, boolean manager, boolean accountManager) {
        if (!e.active() || !e.emailPrivilege()) {
            return false;
        }
        return switch (e.recipientOption()) {
            case OFF -> false;
            case ALL -> true;
            case SUBSCRIBED -> listed;
            case MANAGER -> listed || manager;
            case ACCOUNT_MANAGER -> listed || manager || accountManager;
        };
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: distribute a ticket mail to the ticket's recipients";
    }

}
