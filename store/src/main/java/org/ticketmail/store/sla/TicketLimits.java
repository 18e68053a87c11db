package org.ticketmail.store.sla;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Seed 004's "Limits on ticket creation", for one contact of an account: how many tickets they may have open at once,
 * and how many they may open in a year (counted back from now); each limit refuses a ticket over it ({@code force}) or
 * lets it open and tells its manager ({@code warn}). 0 is no limit. Immutable.
 */
public record TicketLimits(int open, Mode openMode, int total, Mode totalMode) {
    /** What a ticket over a limit meets. */
    public enum Mode {
        /** Refused: the mail is held (reason {@code ticket limit}) and its sender told. */
        FORCE,
        /** Opened: its manager is told, and its history says so. */
        WARN;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Mode> find(String name) {
            return name == null ? Optional.empty() : switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "force" -> Optional.of(FORCE);
                case "warn" -> Optional.of(WARN);
                default -> Optional.empty();
            };
        }
    }

    /** No limit. */
    public static final TicketLimits NONE = new TicketLimits(0, Mode.WARN, 0, Mode.WARN);

    public TicketLimits {
        if (open < 0 || total < 0) {
            throw new IllegalArgumentException("ticket limits are not negative: " + open + ", " + total);
        }
        Objects.requireNonNull(openMode, "openMode");
        Objects.requireNonNull(totalMode, "totalMode");
    }

    public boolean any() {
        return open > 0 || total > 0;
    }
}
