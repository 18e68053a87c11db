package org.ticketmail.assembly;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.scheduling.CalendarSetup;
import org.ticketmail.scheduling.CalendarSync;
import org.ticketmail.scheduling.CalendarWorker;
import org.ticketmail.scheduling.Reflow;

/**
 * Runs the calendar's background work on one thread, so the three never race one another: the worker
 * that writes queued calendar changes (every second), the sync that reads changes back from Google
 * calendars (calendar.sync.interval) and the reflow (calendar.reflow.interval; 0 turns it off). A failing
 * run is logged and the next runs as planned. Made by James' injector (it needs James' mailet context to
 * mail iMIP invitations) and started by the launcher once James runs.
 */
public final class CalendarServices implements GuiceProbe {
    private static final Logger LOGGER = LoggerFactory.getLogger(CalendarServices.class);
    private static final Duration WORKER_POLL = Duration.ofSeconds(1);

    private final CalendarSetup setup;
    private final CalendarWorker worker;
    private final CalendarSync sync;
    private final Reflow reflow;
    private ScheduledExecutorService executor;

    @Inject
    public CalendarServices(CalendarSetup setup, CalendarWorker worker, CalendarSync sync, Reflow reflow) {
        this.setup = setup;
        this.worker = worker;
        this.sync = sync;
        this.reflow = reflow;
    }

    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ticketmail-calendar");
            t.setDaemon(true);
            return t;
        });
        every(WORKER_POLL, "calendar work", worker::runDue);
        if (setup.google().isPresent()) {
            every(setup.syncInterval(), "calendar sync", sync::runOnce);
        }
        if (!setup.reflowInterval().isZero()) {
            every(setup.reflowInterval(), "calendar reflow", reflow::runOnce);
        }
    }

    private void every(Duration interval, String what, Runnable task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOGGER.warn("{} failed; it runs again in {}s", what, interval.toSeconds(), e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
