package org.ticketmail.assembly;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.HeldMails;

/**
 * Deletes held spam older than {@code spam.retentionDays} (issue 14), at start and every hour after: the status page and
 * {@code /api/held?reason=spam} list it until then, and {@code ticketmail release ID} can still release it.
 */
final class SpamRetention implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpamRetention.class);
    private final HeldMails held;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService timer;

    SpamRetention(HeldMails held, int retentionDays, Clock clock) {
        this.held = held;
        this.retention = Duration.ofDays(retentionDays);
        this.clock = clock;
    }

    /** Deletes what is due now. Returns how many held mails it deleted. */
    int purge() {
        int deleted = held.deleteOlder(org.ticketmail.mailets.SpamFilter.HELD_PREFIX, clock.instant().minus(retention));
        if (deleted > 0) {
            LOGGER.info("deleted {} held spam mail(s) older than {} days (spam.retentionDays)", deleted, retention.toDays());
        }
        return deleted;
    }

    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spam-retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                purge();
            } catch (RuntimeException e) {
                LOGGER.warn("held spam could not be purged now, trying again in an hour: {}", e.toString());
            }
        }, 0, 1, TimeUnit.HOURS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
