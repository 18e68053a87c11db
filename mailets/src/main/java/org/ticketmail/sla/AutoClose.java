package org.ticketmail.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.mail.MessagingException;

import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.mailets.Addresses;
import org.ticketmail.mailets.CustomerAlert;
import org.ticketmail.mailets.Gateway;
import org.ticketmail.mailets.GatewayMail;
import org.ticketmail.mailets.MailTemplate;
import org.ticketmail.mailets.RecipientRules;
import org.ticketmail.store.Commands;
import org.ticketmail.store.CommandsRefused;
import org.ticketmail.store.Direction;
import org.ticketmail.store.FailingAddresses;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.StatusMap;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketChange;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;

/**
 * Seed 004's "Ticket auto closing": a ticket left in {@code autoClose.status} (default {@code pending-close}) with no
 * change for {@code autoClose.after} is closed with {@code autoClose.resolution}, as a {@code #close} would close it (the
 * status map must allow it; a scheduled ticket loses its slot), by the actor {@code auto-close}, and its customers get
 * the closure alert with the rating request when {@code alerts.customer.closed} is on.
 *
 * <p>What if the process dies between the closing and the alert: the closing is one transaction; the alert is recorded
 * on the ticket once James has it, and at every run a ticket this closed in the last week with no closure alert
 * recorded since gets it, so a stop (or a failed hand-off) delays it and at worst sends it twice, never loses it.
 * Thread-safe; the appliance runs it with the SLA evaluation.
 */
public final class AutoClose {
    /** Who the closing is by, in the ticket's changes. */
    public static final String ACTOR = "auto-close";
    /** How the history names the closure alert (as the closure alert after a #close). */
    static final String ALERT = "automatic closure alert";
    private static final Logger LOGGER = LoggerFactory.getLogger(AutoClose.class);
    private static final int BATCH = 200;
    /** How far back a closing whose alert was not sent is looked for: a week of downtime. */
    private static final Duration LOOK_BACK = Duration.ofDays(7);

    /**
     * The {@code autoClose.*} keys.
     *
     * @param after how long a ticket waits unchanged; zero: no automatic closing
     * @param alert whether its customers get the closure alert (alerts.customer.closed)
     */
    public record Policy(Duration after, TicketStatus status, String resolution, boolean alert) {
        public Policy {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(resolution, "resolution");
        }

        public static Policy off() {
            return new Policy(Duration.ZERO, TicketStatus.PENDING_CLOSE, "expired", true);
        }

        public boolean on() {
            return !after.isZero();
        }
    }

    private final TicketStore store;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private final CustomerAlert alerts;
    private final Supplier<MailTemplate> closure;
    private final Supplier<StatusMap> statuses;
    private final FailingAddresses failing;
    private final MailetContext mailetContext;
    private final Policy policy;
    private final Clock clock;
    /** Tickets the status map or a lock kept from closing, and when: looked at again after an hour. */
    private final java.util.Map<String, Instant> refused = new ConcurrentHashMap<>();

    public AutoClose(TicketStore store, DirectoryProvider directories, Gateway gateway, CustomerAlert alerts, Supplier<MailTemplate> closure,
                     Supplier<StatusMap> statuses, FailingAddresses failing, MailetContext mailetContext, Policy policy, Clock clock) {
        this.store = store;
        this.directories = directories;
        this.gateway = gateway;
        this.alerts = alerts;
        this.closure = closure;
        this.statuses = statuses;
        this.failing = failing;
        this.mailetContext = mailetContext;
        this.policy = policy;
        this.clock = clock;
    }

    /** Sends the alerts a stop interrupted, then closes what waited long enough. */
    public void runOnce() {
        if (!policy.on()) {
            return;
        }
        Instant now = clock.instant();
        if (policy.alert()) {
            for (String number : store.closedWithoutEntry(ACTOR, now.minus(LOOK_BACK), ALERT)) {
                PerTicket.run(LOGGER, "automatic closing", number, () -> alert(number));
            }
        }
        refused.values().removeIf(at -> at.isBefore(now.minus(Duration.ofHours(1))));
        Instant idleBefore = now.minus(policy.after());
        // The tickets the status map keeps from closing come first again each time: look past them.
        for (String number : store.idleWithStatus(policy.status(), idleBefore, BATCH + refused.size())) {
            if (!refused.containsKey(number)) {
                PerTicket.run(LOGGER, "automatic closing", number, () -> close(number, idleBefore));
            }
        }
    }

    private void close(String number, Instant idleBefore) {
        String waited = GatewayMail.duration((int) policy.after().toMinutes());
        String why = "closed automatically: " + policy.status().jsonName() + " for " + waited + " with no change (autoClose.after)";
        try {
            NewHistoryEntry note = new NewHistoryEntry(Direction.OUT, false,
                    Addresses.named(gateway.supportAddress(), gateway.supportName()).toUnicodeString(), "Closed automatically",
                    "Closed automatically with resolution " + policy.resolution() + ": the ticket was " + policy.status().jsonName()
                            + " for " + waited + " with no change.", why, null, null, List.of());
            Commands commands = new Commands(ACTOR, true, statuses.get(), List.of(new Commands.Requested("(automatic closing)",
                    new TicketChange.Close(policy.resolution(), null))));
            if (store.closeIdle(number, policy.status(), idleBefore, commands, note).isEmpty()) {
                return; // changed meanwhile: it is not idle
            }
        } catch (CommandsRefused e) {
            refused.put(number, clock.instant());
            LOGGER.warn("ticket={} not closed automatically: {}", number, e.refusals().get(0).reason());
            return;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        LOGGER.info("ticket={} {}, resolution {}", number, why, policy.resolution());
        if (policy.alert()) {
            alert(number);
        }
    }

    private void alert(String number) {
        Ticket ticket = store.ticket(number).orElse(null);
        if (ticket == null) {
            return;
        }
        Directory directory = directories.current();
        try {
            CustomerAlert.Audience audience = alerts.externalRecipients(ticket, directory, new RecipientRules(directory, gateway),
                    failing::among);
            alerts.send(ticket, directory, audience, closure.get(), ALERT, null,
                    (sender, recipients, message) -> mailetContext.sendMail(sender, recipients, message, "relay"), true);
        } catch (MessagingException e) {
            LOGGER.warn("ticket={} closure alert of the automatic closing not sent yet: {}; it is tried again at the next run", number,
                    e.getMessage());
        }
    }
}
