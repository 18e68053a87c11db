package org.ticketmail.mailets;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of something over the last minute, hour and day, in one-minute buckets (a day's worth, reused round
 * the clock). For the status page, where a cumulative counter says too little. Thread-safe; a bucket reused for
 * a new minute is reset by the first count in it, so a count racing with that reset can be lost: a status
 * figure, not a ledger.
 */
public final class RecentCounts {
    private static final int MINUTES = 24 * 60;

    private final Clock clock;
    private final AtomicLongArray counts = new AtomicLongArray(MINUTES);
    private final AtomicLongArray minuteOf = new AtomicLongArray(MINUTES);

    public RecentCounts(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < MINUTES; i++) {
            minuteOf.set(i, -1);
        }
    }

    public void add(long n) {
        long minute = clock.millis() / 60_000;
        int i = (int) (minute % MINUTES);
        long seen = minuteOf.get(i);
        if (seen != minute && minuteOf.compareAndSet(i, seen, minute)) {
            counts.set(i, 0);
        }
        counts.addAndGet(i, n);
    }

    /** The count over the last {@code minutes} minutes, this one included (1 to 1440). */
    public long last(int minutes) {
        long now = clock.millis() / 60_000;
        long sum = 0;
        for (int back = 0; back < Math.min(minutes, MINUTES); back++) {
            long minute = now - back;
            int i = (int) (minute % MINUTES);
            if (minuteOf.get(i) == minute) {
                sum += counts.get(i);
            }
        }
        return sum;
    }
}
