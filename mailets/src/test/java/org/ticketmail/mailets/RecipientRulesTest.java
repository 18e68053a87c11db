package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ticketmail.mailets.RecipientRules.Distribution;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.Employee;

/**
 * The recipient rules of seed 002 as a table: each case quotes the section it comes from. The directory is
 * {@link Fixtures#DIRECTORY}: alice (MANAGER, two addresses), bob (ACCOUNT_MANAGER, acme's account
 * manager), carol (ALL), dave (SUBSCRIBED), erin (OFF), frank (ALL, inactive), gina (ALL, no email
 * privilege), hal and ivy (sharing desk@), acme (default manager alice), globex (default manager dave).
 */
class RecipientRulesTest {
    private static final Directory DIRECTORY = Fixtures.DIRECTORY;
    private static final RecipientRules RULES = Fixtures.rules();
    private static final Ticket ACME = ticket("acme", "alice");
    private static final List<Recipient> ACME_RECIPIENTS = List.of(Recipient.external("dana@acme.test", RecipientKind.TO),
            Recipient.external("ed@gmail.test", RecipientKind.CC), Recipient.external("auditor@acme.test", RecipientKind.BCC),
            employee("alice"), employee("bob"), employee("carol"));

    private static Ticket ticket(String account, String manager) {
        Instant at = Instant.parse("2026-11-05T10:00:00Z");
        return new Ticket("2611-1000", "Printer broken", account, "dana@acme.test", manager, TicketStatus.NEW, "normal", true, at, at, null, null, false, null, null, 0);
    }

    private static Recipient employee(String id) {
        return Recipient.employee(id, DIRECTORY.employee(id).orElseThrow().primaryAddress());
    }

    private static Optional<Employee> sender(String id) {
        return DIRECTORY.employee(id);
    }

    private static Distribution d(List<String> to, List<String> cc, List<String> bcc) {
        return new Distribution(to, cc, bcc);
    }

    static Stream<Arguments> distributions() {
        return Stream.of(
                Arguments.of("Employee Recipients: for emails coming from customers, the Ticket Manager appears in the To field."
                        + " Other employees appear in Cc.",
                        ACME, ACME_RECIPIENTS, null, "dana@acme.test", false, List.of("support@helpdesk.test"),
                        d(List.of("alice@helpdesk.test"), List.of("bob@helpdesk.test", "carol@helpdesk.test"), List.of())),
                Arguments.of("Employee Recipients: for email outgoing from employees, all employees in the Employee Recipients list"
                        + " (other than the sender) appear in Bcc. External Recipients can be defined in the To, Cc or Bcc fields.",
                        ACME, ACME_RECIPIENTS, "alice", "alice@helpdesk.test", false, List.of("support@helpdesk.test"),
                        d(List.of("dana@acme.test"), List.of("ed@gmail.test"), List.of("auditor@acme.test", "bob@helpdesk.test",
                                "carol@helpdesk.test"))),
                Arguments.of("Sending Internal Emails: the emails are distributed only to the Employee Recipients.",
                        ACME, ACME_RECIPIENTS, "alice", "alice@helpdesk.test", true, List.of("support@helpdesk.test"),
                        d(List.of(), List.of(), List.of("bob@helpdesk.test", "carol@helpdesk.test"))),
                Arguments.of("Employee Correspondence, note 3: emails are never distributed to the employee who has sent the email,"
                        + " even if defined as a Recipient (bob writes from his address; alice, the manager, gets it)",
                        ACME, ACME_RECIPIENTS, "bob", "bob@helpdesk.test", false, List.of("support@helpdesk.test"),
                        d(List.of("dana@acme.test"), List.of("ed@gmail.test"), List.of("auditor@acme.test", "alice@helpdesk.test",
                                "carol@helpdesk.test"))),
                Arguments.of("Employee Correspondence, note 3, with the sender's second address: alice writes from her mobile",
                        ACME, ACME_RECIPIENTS, "alice", "alice.mobile@example.test", true, List.of("support@helpdesk.test"),
                        d(List.of(), List.of(), List.of("bob@helpdesk.test", "carol@helpdesk.test"))),
                Arguments.of("Automatically Add Ticket Email Recipients: distribute, then add To and Cc 'to be part of the"
                        + " correspondence in the future'. A customer who Cc's dave reaches him directly: no second copy",
                        ACME, ACME_RECIPIENTS, null, "dana@acme.test", false, List.of("support@helpdesk.test", "dave@helpdesk.test"),
                        d(List.of("alice@helpdesk.test"), List.of("bob@helpdesk.test", "carol@helpdesk.test"), List.of())),
                Arguments.of("Automatically Add ...: a reply-all of technicians reaches bob and carol directly; the customer still gets"
                        + " the gateway's copy",
                        ACME, ACME_RECIPIENTS, "alice", "alice@helpdesk.test", false,
                        List.of("support@helpdesk.test", "bob@helpdesk.test", "carol@helpdesk.test"),
                        d(List.of("dana@acme.test"), List.of("ed@gmail.test"), List.of("auditor@acme.test"))),
                Arguments.of("Automatically Add ...: an employee who Cc's a contact sends that contact the original only",
                        ACME, ACME_RECIPIENTS, "alice", "alice@helpdesk.test", false, List.of("support@helpdesk.test", "ed@gmail.test"),
                        d(List.of("dana@acme.test"), List.of(), List.of("auditor@acme.test", "bob@helpdesk.test", "carol@helpdesk.test"))),
                Arguments.of("Recipient Options: the Ticket Manager receives 'even if I'm not in the Ticket's Recipients';"
                        + " ACCOUNT_MANAGER: 'when I am marked as the Account Manager'; ALL: 'all emails arriving for all Tickets'",
                        ACME, List.of(Recipient.external("dana@acme.test", RecipientKind.TO)), null, "dana@acme.test", false, List.of(),
                        d(List.of("alice@helpdesk.test"), List.of("bob@helpdesk.test", "carol@helpdesk.test"), List.of())),
                Arguments.of("Recipient Options: OFF 'even if they appear in the Employee Recipients list'; inactive employees and"
                        + " those without the Email Messages privilege are not part of the correspondence, even if listed",
                        ACME, List.of(employee("erin"), employee("frank"), employee("gina"), employee("dave")), null, "dana@acme.test", false,
                        List.of(), d(List.of("alice@helpdesk.test"), List.of("bob@helpdesk.test", "carol@helpdesk.test",
                                "dave@helpdesk.test"), List.of())),
                Arguments.of("Customer mail whose manager does not receive it: the receiving employees are in To",
                        ticket("globex", "erin"), List.of(), null, "mallory@globex.test", false, List.of(),
                        d(List.of("carol@helpdesk.test"), List.of(), List.of())),
                Arguments.of("A ticket whose only receiving employee wrote the mail, with no external recipients: nobody",
                        ticket("globex", "carol"), List.of(), "carol", "carol@helpdesk.test", false, List.of(),
                        d(List.of(), List.of(), List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void distributeShouldFollowTheSeed(String seed, Ticket ticket, List<Recipient> recipients, String senderEmployee,
                                       String senderAddress, boolean internal, List<String> reachedDirectly, Distribution expected) {
        Optional<Employee> sender = senderEmployee == null ? Optional.empty() : sender(senderEmployee);

        assertThat(RULES.distribute(ticket, recipients, sender, senderAddress, internal, reachedDirectly)).isEqualTo(expected);
    }

    // --- who sends as an employee ------------------------------------------------------------------------

    @Test
    void sendingEmployeeShouldNeedAUniqueActivePrivilegedAddress() {
        // "Employee Correspondence", notes 1 and 2; "Privileges for Email Correspondence".
        assertThat(RULES.sendingEmployee("Alice.Mobile@Example.test")).map(Employee::id).contains("alice");
        assertThat(RULES.sendingEmployee("desk@helpdesk.test")).isEmpty();
        assertThat(RULES.sendingEmployee("frank@helpdesk.test")).isEmpty();
        assertThat(RULES.sendingEmployee("gina@helpdesk.test")).isEmpty();
        assertThat(RULES.sendingEmployee("dana@acme.test")).isEmpty();
    }

    // --- who may write to a ticket -----------------------------------------------------------------------

    @Test
    void mayWriteShouldAllowEmployeesContactsOfTheAccountAndExternalRecipients() {
        assertThat(RULES.mayWrite(ACME, ACME_RECIPIENTS, sender("dave"), Optional.empty(), "dave@helpdesk.test")).isTrue();
        assertThat(RULES.mayWrite(ACME, List.of(), Optional.empty(), Optional.of("acme"), "newcomer@acme.test")).isTrue();
        assertThat(RULES.mayWrite(ACME, ACME_RECIPIENTS, Optional.empty(), Optional.empty(), "ED@gmail.test")).isTrue();
        assertThat(RULES.mayWrite(ACME, ACME_RECIPIENTS, Optional.empty(), Optional.of("globex"), "mallory@globex.test")).isFalse();
    }

    @Test
    void mayWriteShouldRefuseAnEmployeeAddressListedOnlyAsEmployeeRecipient() {
        // frank is inactive: he is no sending employee, and his listing as an employee recipient gives no customer's right.
        List<Recipient> recipients = List.of(employee("frank"), employee("gina"));

        assertThat(RULES.mayWrite(ticket(null, "alice"), recipients, Optional.empty(), Optional.empty(), "frank@helpdesk.test")).isFalse();
        assertThat(RULES.mayWrite(ticket(null, "alice"), recipients, Optional.empty(), Optional.empty(), "gina@helpdesk.test")).isFalse();
    }

    // --- new tickets -------------------------------------------------------------------------------------

    @Test
    void customerOpensShouldListSenderAsToAndDefaultEmployeeRecipients() {
        // "Default External Recipients", note 1: the customer's address from the incoming email; "Default Employee
        // Recipients": Ticket Manager, Account Manager, all employees who receive all email.
        RecipientRules.Opening opening = RULES.customerOpens("Dana@Acme.test", DIRECTORY.account("acme"));

        assertThat(opening).isEqualTo(new RecipientRules.Opening("acme", "dana@acme.test", "alice", List.of(
                Recipient.external("dana@acme.test", RecipientKind.TO), employee("alice"), employee("bob"), employee("carol"),
                employee("gina")), List.of()));
    }

    @Test
    void customerOpensShouldNotListAnEmployeeAddressAsCustomer() {
        RecipientRules.Opening opening = RULES.customerOpens("frank@helpdesk.test", Optional.empty());

        assertThat(opening.recipients()).containsExactly(employee("carol"), employee("gina"));
        assertThat(opening.notes()).containsExactly(
                "the sender address 'frank@helpdesk.test' belongs to an employee or the support address; it is not a customer recipient");
    }

    @Test
    void customerOpensShouldLetTheDispatcherManageATicketOfNoAccount() {
        RecipientRules rules = new RecipientRules(DIRECTORY, Fixtures.GATEWAY.withDispatcher("dave"));

        RecipientRules.Opening opening = rules.customerOpens("stranger@nowhere.test", Optional.empty());

        assertThat(opening.managerId()).isEqualTo("dave");
        assertThat(opening.accountId()).isNull();
        assertThat(opening.recipients()).containsExactly(Recipient.external("stranger@nowhere.test", RecipientKind.TO),
                employee("dave"), employee("carol"), employee("gina"));
        assertThat(opening.notes()).containsExactly("managed by the dispatcher (dave): the sender belongs to no account");
    }

    @Test
    void customerOpensShouldLetTheDispatcherManageWhenTheDefaultManagerIsInactive() {
        Directory directory = org.ticketmail.store.directory.DirectoryFile.parse("""
                employees:
                  - {id: old, name: Old Timer, addresses: [old@helpdesk.test], active: false}
                  - {id: disp, name: Dispatcher, addresses: [disp@helpdesk.test]}
                accounts:
                  - {id: initech, domains: [initech.test], defaultTicketManager: old}
                """, "directory.yaml");
        RecipientRules rules = new RecipientRules(directory, Fixtures.GATEWAY.withDispatcher("disp"));

        RecipientRules.Opening opening = rules.customerOpens("peter@initech.test", directory.account("initech"));

        assertThat(opening.managerId()).isEqualTo("disp");
        assertThat(opening.notes()).containsExactly("managed by the dispatcher (disp): account initech has no active default ticket manager");
    }

    @Test
    void customerOpensShouldLeaveATicketUnmanagedWithoutDispatcher() {
        RecipientRules.Opening opening = RULES.customerOpens("stranger@nowhere.test", Optional.empty());

        assertThat(opening.managerId()).isNull();
        assertThat(opening.notes()).isEmpty();
    }

    @Test
    void employeeOpensShouldManageTheTicketForTheExternalAddressesOfToAndCc() {
        RecipientRules.Opening opening = RULES.employeeOpens(sender("alice").orElseThrow(),
                List.of("support@helpdesk.test", "dana@acme.test"), List.of("bob@helpdesk.test", "ed@gmail.test"));

        assertThat(opening.managerId()).isEqualTo("alice");
        assertThat(opening.accountId()).isEqualTo("acme");
        assertThat(opening.contact()).isEqualTo("dana@acme.test");
        assertThat(opening.recipients()).containsExactly(employee("alice"), employee("bob"), employee("carol"), employee("gina"),
                Recipient.external("dana@acme.test", RecipientKind.TO), Recipient.external("ed@gmail.test", RecipientKind.CC));
    }

    // --- who joins from headers ----------------------------------------------------------------------------

    @Test
    void joinersShouldAddEmployeesAsEmployeeRecipientsAndOthersAsExternal() {
        // "Automatically Add Ticket Email Recipients": employees to the Employee Recipients, other addresses as External.
        RecipientRules.Joiners joiners = RULES.joiners(List.of("support@helpdesk.test", "alice.mobile@example.test", "new@acme.test"),
                List.of("ed@gmail.test", "desk@helpdesk.test", "dana@acme.test", "taro..yamada@docomo.ne.jp"), "dana@acme.test");

        assertThat(joiners.recipients()).containsExactly(employee("alice"), Recipient.external("new@acme.test", RecipientKind.TO),
                Recipient.external("ed@gmail.test", RecipientKind.CC));
        assertThat(joiners.notes()).containsExactly("not added as recipients, as they cannot be delivered to: taro..yamada@docomo.ne.jp");
    }

    // --- alerts --------------------------------------------------------------------------------------------

    @Test
    void mayAlertShouldRefuseEveryAddressOfTheHelpDesk() {
        // No acknowledgment or customer alert ever goes to an employee's address (active or not) or a support address.
        assertThat(RULES.mayAlert("dana@acme.test")).isTrue();
        assertThat(RULES.mayAlert("frank@helpdesk.test")).isFalse();
        assertThat(RULES.mayAlert("gina@helpdesk.test")).isFalse();
        assertThat(RULES.mayAlert("desk@helpdesk.test")).isFalse();
        assertThat(RULES.mayAlert("Support@Helpdesk.test")).isFalse();
        assertThat(RULES.mayAlert("taro..yamada@docomo.ne.jp")).isFalse();
    }
}
