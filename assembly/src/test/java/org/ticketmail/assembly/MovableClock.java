package org.ticketmail.assembly;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** The system's clock, moved forward by what a test adds: hours pass at once without stopping time. Thread-safe. */
final class MovableClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final ZoneId zone;

    MovableClock(ZoneId zone) {
        this.zone = zone;
    }

    void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        MovableClock c = new MovableClock(other);
        c.offset.set(offset.get());
        return c;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
