package org.ticketmail.mailets;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.ticketmail.store.Database;
import org.ticketmail.store.Direction;
import org.ticketmail.store.Intake;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.MessageIds;
import org.ticketmail.store.TicketCounter;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryFile;
import org.ticketmail.store.directory.DirectoryProvider;

/**
 * The directory, the gateway and a real store (Derby in memory) the mailet tests share, and mails with
 * the attributes earlier pipeline steps would have set, so each step is tested on its own.
 */
final class Fixtures implements AutoCloseable {
    static final String SUPPORT = "support@helpdesk.test";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T10:00:00Z"), ZoneOffset.UTC);
    static final String DIRECTORY_TEXT = """
            employees:
              - {id: alice, name: Alice Tech, addresses: [alice@helpdesk.test, alice.mobile@example.test], technician: true}
              - {id: bob, name: Bob Manager, addresses: [bob@helpdesk.test], recipientOption: ACCOUNT_MANAGER}
              - {id: carol, name: Carol Dispatch, addresses: [carol@helpdesk.test], recipientOption: ALL}
              - {id: dave, name: Dave Subscriber, addresses: [dave@helpdesk.test], recipientOption: SUBSCRIBED, technician: true}
              - {id: erin, name: Erin Vacation, addresses: [erin@helpdesk.test], recipientOption: OFF}
              - {id: frank, name: Frank Former, addresses: [frank@helpdesk.test], recipientOption: ALL, active: false}
              - {id: gina, name: Gina Limited, addresses: [gina@helpdesk.test], recipientOption: ALL, emailPrivilege: false}
              - {id: hal, name: Hal Shared, addresses: [hal@helpdesk.test, desk@helpdesk.test]}
              - {id: ivy, name: Ivy Shared, addresses: [ivy@helpdesk.test, desk@helpdesk.test]}
            accounts:
              - id: acme
                name: Acme Corp
                domains: [acme.test]
                accountManager: bob
                defaultTicketManager: alice
                contacts:
                  - {name: Dana Customer, address: dana@acme.test, main: true}
                  - {name: Ed Elsewhere, address: ed@gmail.test}
              - {id: globex, name: Globex, domains: [globex.test], defaultTicketManager: dave}
            """;
    static final Directory DIRECTORY = DirectoryFile.parse(DIRECTORY_TEXT, "directory.yaml");

    static final Gateway GATEWAY = Gateway.of(SUPPORT);
    /** DKIM keys for nobody: every lookup fails as DNS would for a domain without a key. */
    static final org.apache.james.jdkim.api.PublicKeyRecordRetriever NO_DKIM_KEYS = (method, selector, token) -> {
        throw new org.apache.james.jdkim.exceptions.TempFailException("no DNS in tests");
    };

    final Database database;
    final TicketStore store;
    final HeldMails held;
    final MessageIds messageIds;
    final org.ticketmail.store.FailingAddresses failing;
    final DirectoryProvider directories = DirectoryProvider.of(DIRECTORY);
    final FakeMailContext context = FakeMailContext.defaultContext();

    /**
     * One in-memory database for all the mailet tests of this JVM: creating and migrating one costs about
     * half a second, emptying its tables a few milliseconds. Each Fixtures starts from empty tables.
     */
    private static final Database SHARED = Database.inMemory();
    /** Children before parents, so no foreign key stops a delete. */
    private static final List<String> TABLES = List.of("mail_runs", "ticket_changes", "ticket_schedules", "calendar_events", "calendar_work", "calendar_sync", "history_attachments", "history", "ticket_recipients", "message_ids",
            "tickets", "held_mail", "failing_addresses", "ticket_counter", "contacts", "account_domains", "accounts", "employee_addresses", "employees");

    Fixtures() {
        database = SHARED;
        try (org.apache.ibatis.session.SqlSession s = database.sessions().openSession(true);
             java.sql.Statement statement = s.getConnection().createStatement()) {
            for (String table : TABLES) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot empty the test database: " + e.getMessage(), e);
        }
        store = new TicketStore(database, CLOCK, new TicketCounter(database, CLOCK, 1000));
        held = new HeldMails(database, CLOCK);
        messageIds = new MessageIds(database, CLOCK);
        failing = new org.ticketmail.store.FailingAddresses(database, CLOCK);
    }

    /** The rules over the test directory and gateway. */
    static RecipientRules rules() {
        return new RecipientRules(DIRECTORY, GATEWAY);
    }

    /**
     * Sets on {@code mail} what IdentifySender would: the directory generation, and the sender kind with the
     * employee id or account id ({@code who} may be null for unknown senders).
     */
    static FakeMail from(FakeMail mail, SenderKind kind, String who) {
        TicketAttributes.set(mail, TicketAttributes.DIRECTORY, 1L);
        TicketAttributes.set(mail, TicketAttributes.SENDER_KIND, kind.value());
        if (kind == SenderKind.EMPLOYEE) {
            TicketAttributes.set(mail, TicketAttributes.EMPLOYEE, who);
            TicketAttributes.set(mail, TicketAttributes.VERIFIED, "network");
        } else if (who != null) {
            TicketAttributes.set(mail, TicketAttributes.ACCOUNT, who);
        }
        return mail;
    }

    /** A ticket of acme opened by dana, managed by alice, with the default recipients. */
    String acmeTicket() {
        return store.record(Intake.opening(Intake.NewTicket.of("Printer broken", "acme", "dana@acme.test", "alice"),
                "<open-" + System.nanoTime() + "@acme.test>",
                new NewHistoryEntry(Direction.IN, true, "dana@acme.test", "Printer broken", "broken", null, null, null, List.of()))
                .withRecipients(List.of(Recipient.external("dana@acme.test", RecipientKind.TO), Recipient.employee("alice", "alice@helpdesk.test"),
                        Recipient.employee("bob", "bob@helpdesk.test"), Recipient.employee("carol", "carol@helpdesk.test")))
                .withInbox(Intake.Inbox.PUT_IN)).ticket().number();
    }

    <T extends Mailet> T init(T mailet, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(mailet.getClass().getSimpleName()).mailetContext(context);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    /**
     * {@code mailet} initialised without a Fixtures instance, for a step that needs neither the store nor
     * the mail context (no Derby to start).
     */
    static <T extends Mailet> T initWithoutStore(T mailet, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(mailet.getClass().getSimpleName());
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    static FakeMail mail(MimeMessageBuilder message) throws MessagingException {
        return FakeMail.builder().name("mail-" + System.nanoTime()).mimeMessage(message).sender("sender@client.test")
                .recipient(SUPPORT).build();
    }

    static MimeMessageBuilder message(String from, String subject) throws MessagingException {
        return MimeMessageBuilder.mimeMessageBuilder().addFrom(from).addToRecipient(SUPPORT).setSubject(subject).setText("Hello.");
    }

    @Override
    public void close() {
        // The shared database lives as long as the JVM; the next Fixtures empties it.
    }
}
