package org.ticketmail.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ticketmail.mailets.Gateway;
import org.ticketmail.mailets.MailTemplate;
import org.ticketmail.mailets.PipelineMetrics;
import org.ticketmail.store.Database;
import org.ticketmail.store.Direction;
import org.ticketmail.store.Intake;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.SlaLedger;
import org.ticketmail.store.TicketCounter;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.DirectoryFile;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.sla.Breach;
import org.ticketmail.store.sla.SlaBook;

/** The watch over a real (in-memory) Derby, its mails caught by James' fake mailet context. */
class SlaWatchRunTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private Database database;
    private TicketStore store;
    private SlaLedger ledger;
    private final FakeMailContext context = FakeMailContext.defaultContext();
    private SlaWatch watch;

    @BeforeEach
    void open() {
        database = Database.inMemory();
        store = new TicketStore(database, clock, new TicketCounter(database, clock, 1000));
        ledger = new SlaLedger(database, clock);
        SlaBook book = SlaBook.parse("default: s\nescalation: [lead@helpdesk.test]\nslas:\n  s: {name: Standard, responseHours: 4}\n",
                "conf/sla.yaml", ZoneOffset.UTC, Set.of());
        DirectoryProvider directory = DirectoryProvider.of(DirectoryFile.parse("""
                employees:
                  - {id: alice, name: Alice Tech, addresses: [alice@helpdesk.test]}
                accounts:
                  - {id: acme, name: Acme, domains: [acme.test], defaultTicketManager: alice}
                """, "conf/directory.yaml"));
        MailTemplate template = MailTemplate.load(null, "sla-warning", SlaWatch.TEMPLATE);
        watch = new SlaWatch(ledger, store, directory, Gateway.of("support@helpdesk.test"), context, () -> book, () -> template,
                new PipelineMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), clock), clock, "relay");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private String openTicket() {
        return store.record(Intake.opening(Intake.NewTicket.of("Printer", "acme", "dana@acme.test", "alice"), "<m1@acme.test>",
                new NewHistoryEntry(Direction.IN, true, "Dana <dana@acme.test>", "Printer", "Broken.", null, "<m1@acme.test>", null,
                        List.of()))).ticket().number();
    }

    @Test
    void aBreachShouldBeWarnedOfOnceHoweverOftenTheWatchRuns() {
        String number = openTicket();
        now.set(T0.plus(Duration.ofHours(5)));

        watch.runAll();
        watch.changed(number);
        watch.runChanged();
        watch.runAll();

        assertThat(context.getSentMails()).singleElement().satisfies(m -> {
            assertThat(m.getRecipients()).extracting(Object::toString).containsExactlyInAnyOrder("alice@helpdesk.test", "lead@helpdesk.test");
            assertThat(m.getState()).isEqualTo("relay");
        });
        assertThat(ledger.unsent()).isEmpty();
        assertThat(ledger.warnings(number)).singleElement().satisfies(w -> assertThat(w.clockStart()).isEqualTo(T0));
    }

    @Test
    void aWarningNoticedButNotSentBeforeAStopShouldGoOutAtTheNextRunOnce() {
        String number = openTicket();
        now.set(T0.plus(Duration.ofHours(5)));
        // As if the process died after the warning's row and history entry were written, before James had the mail.
        ledger.notice(new Breach(number, Breach.Kind.RESPONSE, T0.plus(Duration.ofHours(4)), Optional.empty(), Duration.ofHours(4), T0),
                List.of("alice@helpdesk.test"), new NewHistoryEntry(Direction.OUT, false, "Support <support@helpdesk.test>",
                        "SLA broken (response time): Printer", "The text.", "SLA Standard: ...", null, null, List.of()), List.of());

        watch.runAll();
        watch.runAll();

        assertThat(context.getSentMails()).singleElement().satisfies(m -> assertThat(m.getRecipients()).extracting(Object::toString)
                .containsExactly("alice@helpdesk.test"));
        assertThat(ledger.unsent()).isEmpty();
    }

    @Test
    void anAnsweredMailShouldNotBeWarnedOf() {
        String number = openTicket();
        now.set(T0.plus(Duration.ofHours(3)));
        store.record(Intake.onTicket(number, "<a1@helpdesk.test>", new NewHistoryEntry(Direction.OUT, true, "Alice Tech <alice@helpdesk.test>",
                "Re: Printer", "On my way.", null, "<a1@helpdesk.test>", null, List.of())));
        now.set(T0.plus(Duration.ofHours(10)));

        watch.runAll();

        assertThat(context.getSentMails()).isEmpty();
    }
}
