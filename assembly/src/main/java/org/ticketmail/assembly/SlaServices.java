package org.ticketmail.assembly;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.mailets.Gateway;
import org.ticketmail.mailets.MailTemplate;
import org.ticketmail.mailets.PipelineMetrics;
import org.ticketmail.sla.SlaFigures;
import org.ticketmail.sla.SlaWatch;
import org.ticketmail.store.SlaLedger;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.DirectoryProvider;
import org.ticketmail.store.sla.SlaBook;

/**
 * Runs the SLA watch on one thread: every open ticket each {@code sla.interval}, and each ticket the pipeline changed
 * within a second of the change; the automatic closing of waiting tickets runs after each full evaluation. A failing run is logged and the next runs as planned. Made by James' injector (the
 * warnings go out through James' mailet context) and started by the launcher once James runs.
 */
public final class SlaServices implements GuiceProbe {
    private static final Logger LOGGER = LoggerFactory.getLogger(SlaServices.class);
    private static final Duration CHANGED_POLL = Duration.ofSeconds(1);

    /** What the watch needs besides James': made by the launcher. */
    public record Setup(SlaLedger ledger, org.ticketmail.store.sla.SlaBooks books, Supplier<MailTemplate> template, Duration interval,
                        Clock clock, Supplier<MailTemplate> closure, org.ticketmail.sla.AutoClose.Policy autoClose) {
    }

    private final Setup setup;
    private final SlaWatch watch;
    private final SlaFigures figures;
    private final org.ticketmail.sla.AutoClose autoClose;
    private final TicketStore store;
    private ScheduledExecutorService executor;

    @Inject
    public SlaServices(Setup setup, TicketStore store, DirectoryProvider directories, Gateway gateway, MailetContext mailetContext,
                       PipelineMetrics metrics, org.ticketmail.store.FailingAddresses failing, org.ticketmail.store.Statuses statuses,
                       org.ticketmail.mailets.RatingTokens ratings) {
        this.setup = setup;
        this.store = store;
        this.watch = new SlaWatch(setup.ledger(), store, directories, gateway, mailetContext, setup.books(), setup.template(), metrics,
                setup.clock(), "relay");
        this.figures = new SlaFigures(setup.ledger(), directories, gateway, setup.books(), setup.clock());
        this.autoClose = new org.ticketmail.sla.AutoClose(store, directories, gateway, new org.ticketmail.mailets.CustomerAlert(store, gateway,
                ratings), setup.closure(), statuses, failing, mailetContext, setup.autoClose(), setup.clock());
    }

    SlaFigures figures() {
        return figures;
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ticketmail-sla");
            t.setDaemon(true);
            return t;
        });
        store.onChange(watch::changed);
        executor.scheduleWithFixedDelay(() -> {
            run("SLA evaluation", watch::runAll);
            run("automatic closing", autoClose::runOnce);
        }, 0, setup.interval().toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> run("SLA evaluation of changed tickets", watch::runChanged), CHANGED_POLL.toMillis(),
                CHANGED_POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a task; whatever it throws is logged, so the schedule (which an escaping throwable would end for good) goes on. */
    private static void run(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOGGER.warn("{} failed; it runs again as planned", what, e);
        } catch (Error e) {
            LOGGER.error("{} failed ({}); it runs again as planned", what, e.toString(), e);
        }
    }

    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }
}
