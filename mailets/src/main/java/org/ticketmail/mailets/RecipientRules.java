package org.ticketmail.mailets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.directory.Account;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.Employee;
import org.ticketmail.store.directory.RecipientOption;

/**
 * The Email Connector's recipient rules (seed 002, "Email Distribution via Email Connector" to
 * "Ticket Privileges") in one place: who may send as an employee, who may write to a ticket, who is
 * listed on a new ticket, who joins a ticket from a mail's headers, who receives a mail and in which
 * header, and who may be sent a customer alert. Pure: it reads one directory snapshot and plain values,
 * and writes nothing. Immutable and thread-safe.
 */
public final class RecipientRules {
    private final Directory directory;
    private final Gateway gateway;

    public RecipientRules(Directory directory, Gateway gateway) {
        this.directory = directory;
        this.gateway = gateway;
    }

    /** Who gets a distributed mail, and in which header. */
    public record Distribution(List<String> to, List<String> cc, List<String> bcc) {
        public Distribution {
            to = List.copyOf(to);
            cc = List.copyOf(cc);
            bcc = List.copyOf(bcc);
        }

        public boolean isEmpty() {
            return to.isEmpty() && cc.isEmpty() && bcc.isEmpty();
        }

        /** The same distribution without the addresses {@code drop} takes, in To, Cc and Bcc alike. */
        public Distribution without(java.util.function.Predicate<String> drop) {
            return new Distribution(to.stream().filter(drop.negate()).toList(), cc.stream().filter(drop.negate()).toList(),
                    bcc.stream().filter(drop.negate()).toList());
        }

        /** Every envelope recipient: To, then Cc, then Bcc. */
        public List<String> all() {
            List<String> all = new ArrayList<>(to);
            all.addAll(cc);
            all.addAll(bcc);
            return all;
        }
    }

    /**
     * What a new ticket starts with.
     *
     * @param accountId null when the ticket belongs to no account
     * @param contact the customer the ticket is for, or null
     * @param managerId null when nobody manages it
     * @param recipients the initial recipients, each address once
     * @param notes what the history entry should say about choices made (e.g. a sender that cannot be a recipient)
     */
    public record Opening(String accountId, String contact, String managerId, List<Recipient> recipients, List<String> notes) {
        public Opening {
            recipients = List.copyOf(recipients);
            notes = List.copyOf(notes);
        }
    }

    /** Recipients that join a ticket from a mail's headers, and what was left out and why. */
    public record Joiners(List<Recipient> recipients, List<String> notes) {
        public Joiners {
            recipients = List.copyOf(recipients);
            notes = List.copyOf(notes);
        }
    }

    /**
     * "Employee Correspondence", notes 1 and 2, and "Privileges for Email Correspondence": the employee who
     * sends ticket mail from this address. The address must be listed by exactly one employee, who is
     * active and has the email privilege.
     */
    public Optional<Employee> sendingEmployee(String address) {
        return directory.activeEmployeeByAddress(address).filter(Employee::emailPrivilege);
    }

    /**
     * Whether the address belongs to the help desk: any employee lists it (active or not, privileged or
     * not, shared or not) or it is a support address. Such an address is never a customer recipient and is
     * never sent a customer alert.
     */
    public boolean isHelpDeskAddress(String address) {
        return directory.isEmployeeAddress(address) || gateway.isSupportAddress(address);
    }

    /**
     * "External Recipients": alerts to customers (the acknowledgment of a new ticket) go only to an
     * address that is not the help desk's and that can be delivered to.
     */
    public boolean mayAlert(String address) {
        return address != null && !address.isBlank() && !isHelpDeskAddress(address) && Addresses.deliverable(address);
    }

    /**
     * Whether the sender may add to {@code ticket} (seed 002: a number "from a sender with no right to that
     * ticket does not attach silently"): a sending employee; a customer of the ticket's account; an
     * address listed as one of its <em>external</em> recipients. An employee address listed as an employee
     * recipient gives no right: an inactive or unprivileged employee does not write as a customer.
     */
    public boolean mayWrite(Ticket ticket, List<Recipient> recipients, Optional<Employee> sendingEmployee,
                            Optional<String> senderAccountId, String senderAddress) {
        if (sendingEmployee.isPresent()) {
            return true;
        }
        if (senderAccountId.isPresent() && senderAccountId.get().equals(ticket.accountId())) {
            return true;
        }
        String sender = normalize(senderAddress);
        return recipients.stream().filter(r -> !r.isEmployee()).anyMatch(r -> r.address().equals(sender));
    }

    /**
     * "Customer Correspondence", "Default External Recipients" and "Default Employee Recipients": a
     * customer's (or unknown sender's) mail opens a ticket of the sender's account. The sender is its
     * external To recipient, unless the address is the help desk's or cannot be delivered to. The
     * account's default ticket manager manages it when active; otherwise the dispatcher does.
     */
    public Opening customerOpens(String senderAddress, Optional<Account> account) {
        String sender = normalize(senderAddress);
        List<String> notes = new ArrayList<>();
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        if (isHelpDeskAddress(sender)) {
            notes.add("the sender address '" + sender + "' belongs to an employee or the support address; it is not a customer recipient");
        } else if (!sender.isEmpty() && Addresses.deliverable(sender)) {
            recipients.put(sender, Recipient.external(sender, RecipientKind.TO));
        } else if (!sender.isEmpty()) {
            notes.add("the sender address '" + sender + "' cannot be delivered to; it is not a recipient");
        }
        Optional<String> accountManager = account.map(Account::defaultTicketManager).flatMap(directory::employee)
                .filter(Employee::active).map(Employee::id);
        String manager = accountManager.or(gateway::dispatcher).orElse(null);
        if (accountManager.isEmpty() && manager != null) {
            notes.add("managed by the dispatcher (" + manager + "): " + (account.isEmpty() ? "the sender belongs to no account"
                    : "account " + account.get().id() + " has no active default ticket manager"));
        }
        defaultEmployees(manager, account).forEach(r -> recipients.putIfAbsent(r.address(), r));
        return new Opening(account.map(Account::id).orElse(null), sender.isEmpty() ? null : sender, manager,
                List.copyOf(recipients.values()), notes);
    }

    /**
     * An employee's mail without a ticket number opens a ticket managed by that employee, for the
     * external addresses in its To and Cc; the first of them is the contact, and its account the
     * ticket's.
     */
    public Opening employeeOpens(Employee sender, List<String> to, List<String> cc) {
        Joiners externals = joiners(to, cc, sender.primaryAddress(), false);
        String contact = externals.recipients().stream().map(Recipient::address).findFirst().orElse(null);
        Optional<Account> account = contact == null ? Optional.empty() : directory.accountFor(contact);
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        defaultEmployees(sender.id(), account).forEach(r -> recipients.putIfAbsent(r.address(), r));
        externals.recipients().forEach(r -> recipients.putIfAbsent(r.address(), r));
        return new Opening(account.map(Account::id).orElse(null), contact, sender.id(), List.copyOf(recipients.values()),
                externals.notes());
    }

    /**
     * "Default Employee Recipients": the ticket manager, the account manager and every active employee
     * whose option is ALL.
     */
    public List<Recipient> defaultEmployees(String managerId, Optional<Account> account) {
        List<Recipient> out = new ArrayList<>();
        directory.employee(managerId).ifPresent(e -> out.add(Recipient.employee(e.id(), e.primaryAddress())));
        account.flatMap(a -> directory.employee(a.accountManager())).ifPresent(e -> out.add(Recipient.employee(e.id(), e.primaryAddress())));
        for (Employee e : directory.employees()) {
            if (e.recipientOption() == RecipientOption.ALL && e.active()) {
                out.add(Recipient.employee(e.id(), e.primaryAddress()));
            }
        }
        return out;
    }

    /**
     * "Automatically Add Ticket Email Recipients": the To and Cc addresses of a processed mail join the
     * ticket for the mails that follow; employees (an address exactly one employee lists) as employee
     * recipients, other addresses as external To or Cc recipients. The support addresses, the sender, an
     * address several employees share, and addresses that cannot be delivered to do not join.
     */
    public Joiners joiners(List<String> to, List<String> cc, String senderAddress) {
        return joiners(to, cc, senderAddress, true);
    }

    private Joiners joiners(List<String> to, List<String> cc, String senderAddress, boolean withEmployees) {
        String sender = normalize(senderAddress);
        Map<String, Recipient> out = new LinkedHashMap<>();
        Set<String> undeliverable = new LinkedHashSet<>();
        addJoiners(to, RecipientKind.TO, sender, withEmployees, out, undeliverable);
        addJoiners(cc, RecipientKind.CC, sender, withEmployees, out, undeliverable);
        List<String> notes = undeliverable.isEmpty() ? List.of()
                : List.of("not added as recipients, as they cannot be delivered to: " + String.join(", ", undeliverable));
        return new Joiners(List.copyOf(out.values()), notes);
    }

    private void addJoiners(List<String> addresses, RecipientKind kind, String sender, boolean withEmployees,
                            Map<String, Recipient> out, Set<String> undeliverable) {
        for (String raw : addresses) {
            String address = normalize(raw);
            if (gateway.isSupportAddress(address) || address.equals(sender) || out.containsKey(address)) {
                continue;
            }
            Optional<Employee> employee = directory.employeeByAddress(address);
            if (employee.isPresent()) {
                if (withEmployees) {
                    Employee e = employee.get();
                    out.put(e.primaryAddress(), Recipient.employee(e.id(), e.primaryAddress()));
                }
            } else if (directory.isEmployeeAddress(address)) {
                continue; // shared by several employees: neither an employee nor a customer
            } else if (Addresses.deliverable(address)) {
                out.put(address, Recipient.external(address, kind));
            } else {
                undeliverable.add(address);
            }
        }
    }

    /**
     * "Ticket Recipients", "Employee Correspondence" note 3, "Sending Internal Emails", "Recipient
     * Options": who receives a mail on {@code ticket}.
     * <ul>
     *   <li>From a customer: the ticket manager in To, the other receiving employees in Cc (with no
     *       receiving manager, the employees are in To).</li>
     *   <li>From an employee, public: the external recipients in their To, Cc or Bcc; the receiving
     *       employees in Bcc.</li>
     *   <li>Internal: the receiving employees only, in Bcc.</li>
     *   <li>Never the sender (any of a sending employee's addresses), never a support address.</li>
     *   <li>Not an address the mail reached directly ({@code reachedDirectly}, its To and Cc): seed 002
     *       distributes <em>then</em> adds a mail's To and Cc "for the future", so they get the mails that
     *       follow, not a second copy of this one. An employee reached at any of their addresses counts.</li>
     * </ul>
     */
    public Distribution distribute(Ticket ticket, List<Recipient> recipients, Optional<Employee> sendingEmployee,
                                   String senderAddress, boolean internal, Collection<String> reachedDirectly) {
        Set<String> exclude = new LinkedHashSet<>(gateway.supportAddresses());
        exclude.add(normalize(senderAddress));
        sendingEmployee.ifPresent(e -> exclude.addAll(e.addresses()));
        reachedDirectly.forEach(a -> exclude.add(normalize(a)));

        Set<String> listed = new LinkedHashSet<>();
        recipients.stream().filter(Recipient::isEmployee).forEach(r -> listed.add(r.employeeId()));
        String accountManager = directory.account(ticket.accountId()).map(Account::accountManager).orElse(null);
        List<Employee> receiving = new ArrayList<>();
        for (Employee e : directory.employees()) {
            boolean isSender = sendingEmployee.isPresent() && sendingEmployee.get().id().equals(e.id());
            boolean reached = e.addresses().stream().anyMatch(exclude::contains);
            if (!isSender && !reached && receives(e, listed.contains(e.id()), e.id().equals(ticket.managerId()),
                    e.id().equals(accountManager))) {
                receiving.add(e);
            }
        }
        Set<String> to = new LinkedHashSet<>();
        Set<String> cc = new LinkedHashSet<>();
        Set<String> bcc = new LinkedHashSet<>();
        if (sendingEmployee.isEmpty()) {
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

    /**
     * "Recipient Options" and "Privileges for Email Correspondence": whether an employee receives a
     * ticket's mail. Only when active and with the email privilege; then OFF never (even when listed), ALL
     * always, SUBSCRIBED when listed, MANAGER when listed or ticket manager, ACCOUNT_MANAGER when listed,
     * ticket manager or the account's manager.
     */
    public static boolean receives(Employee e, boolean listed, boolean manager, boolean accountManager) {
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

    private static String normalize(String address) {
        return address == null ? "" : address.trim().toLowerCase(Locale.ROOT);
    }
}
