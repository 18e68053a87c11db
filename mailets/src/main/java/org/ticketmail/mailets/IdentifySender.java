package org.ticketmail.mailets;

import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.mailets.DKIMVerifier;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.directory.Employee;

/**
 * Pipeline step 2: who sent the mail (seed 002, "Employee Correspondence", notes 1 and 2), by
 * {@link RecipientRules#sendingEmployee}: an employee is recognised by a From address that exactly one
 * employee lists, who is active and has the "email messages" privilege. Anyone else is a customer of
 * the account whose contact has the address or whose domain it is, or unknown.
 *
 * <p>This is the first step that reads the directory: it fixes the directory snapshot the mail is
 * handled with to its last step ({@link TicketAttributes#DIRECTORY}). Sets {@link TicketAttributes#SENDER_KIND}
 * and {@link TicketAttributes#EMPLOYEE} or {@link TicketAttributes#ACCOUNT}. For employee mail it also says
 * whether the {@link TrustPolicy} verifies it ({@link TicketAttributes#VERIFIED}): SMTP AUTH as the
 * employee, a client in {@code employee.trustedNetworks}, or a passing DKIM signature of the From domain.
 * Takes no parameters.
 */
public class IdentifySender extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(IdentifySender.class);
    /** The {@link TicketAttributes#VERIFIED} value of employee mail that no configured way verified. */
    public static final String UNVERIFIED = "unverified";

    private final DirectoryProvider directories;
    private final Gateway gateway;
    private final TrustPolicy trust;
    private final DKIMVerifier dkim;

    @Inject
    public IdentifySender(DirectoryProvider directories, Gateway gateway, TrustPolicy trust, PublicKeyRecordRetriever dkimKeys) {
        this.directories = directories;
        this.gateway = gateway;
        this.trust = trust;
        this.dkim = new DKIMVerifier(dkimKeys);
    }

    /** An SMTP login {@code alice@support-domain} names the employee alice; any other login is compared as it is. */
    private String loginId(String login) {
        if (login == null) {
            return null;
        }
        int at = login.lastIndexOf('@');
        if (at > 0 && gateway.supportAddresses().stream().anyMatch(a -> a.endsWith("@" + login.substring(at + 1).toLowerCase(java.util.Locale.ROOT)))) {
            return login.substring(0, at);
        }
        return login;
    }

    /**
     * Whether the mail has a passing DKIM signature of {@code domain}. James' verifier passes a signature of
     * any domain; the domain must be the From address's, or anyone could sign an employee's mail with their
     * own domain's key.
     */
    private boolean dkimPasses(Mail mail, String domain) {
        try {
            // The signature covers the last From header; we read the first. With anything but one From holding one
            // mailbox, a signed mail of one's own could carry an employee's From above it.
            String[] froms = mail.getMessage().getHeader("From");
            if (froms == null || froms.length != 1 || Addresses.parsed(mail.getMessage(), "From").size() != 1) {
                return false;
            }
            List<SignatureRecord> passed = dkim.verifyUsingCRLF(mail.getMessage());
            return passed != null && passed.stream().anyMatch(s -> s.getDToken() != null && s.getDToken().toString().equalsIgnoreCase(domain));
        } catch (FailException | MessagingException | RuntimeException e) {
            LOGGER.debug("message-id={} no passing DKIM signature of {}: {}", messageId(mail), domain, e.getMessage());
            return false;
        }
    }

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        DirectoryProvider.Snapshot snapshot = directories.snapshot();
        TicketAttributes.set(mail, TicketAttributes.DIRECTORY, snapshot.generation());
        RecipientRules rules = new RecipientRules(snapshot.directory(), gateway);
        String address = Addresses.senderAddress(Addresses.from(mail.getMessage(), mail));
        Optional<Employee> employee = rules.sendingEmployee(address);
        if (employee.isPresent()) {
            TicketAttributes.set(mail, TicketAttributes.SENDER_KIND, SenderKind.EMPLOYEE.value());
            TicketAttributes.set(mail, TicketAttributes.EMPLOYEE, employee.get().id());
            // A released held mail is re-injected by the appliance itself: neither its client nor a login says who wrote it.
            boolean released = TicketAttributes.flag(mail, TicketAttributes.RELEASED);
            String authUser = released ? null
                    : loginId(AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_AUTH_USER, String.class).orElse(null));
            String verified = trust.verify(released ? null : mail.getRemoteAddr(), authUser, employee.get().addresses(), employee.get().id(), address,
                    domain -> dkimPasses(mail, domain)).map(TrustPolicy.Way::value).orElse(UNVERIFIED);
            TicketAttributes.set(mail, TicketAttributes.VERIFIED, verified);
            if (verified.equals(UNVERIFIED)) {
                LOGGER.warn("message-id={} sender={} uses employee {}'s address but is not verified (client {}, no SMTP AUTH as"
                        + " them, no DKIM signature of their domain): no commands, employees only", messageId(mail), address, employee.get().id(), mail.getRemoteAddr());
            }
            LOGGER.debug("message-id={} sender={} employee={} verified={}", messageId(mail), address, employee.get().id(), verified);
            return;
        }
        Optional<Account> account = snapshot.directory().accountFor(address);
        if (account.isPresent()) {
            TicketAttributes.set(mail, TicketAttributes.SENDER_KIND, SenderKind.CUSTOMER.value());
            TicketAttributes.set(mail, TicketAttributes.ACCOUNT, account.get().id());
            LOGGER.debug("message-id={} sender={} customer of account={}", messageId(mail), address, account.get().id());
            return;
        }
        TicketAttributes.set(mail, TicketAttributes.SENDER_KIND, SenderKind.UNKNOWN.value());
        LOGGER.debug("message-id={} sender={} unknown customer", messageId(mail), address);
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: identify the sender as employee, customer or unknown";
    }
}
