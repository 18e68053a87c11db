package org.ticketmail.store.sla;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.ticketmail.store.TicketStatus;

/**
 * Which statuses an SLA's clocks run in (seed 004, "SLA Type"): {@code normal} counts every status but
 * {@code closed} and {@code pending-third-party} (waiting on a third party pauses it); {@code third-party} counts
 * only {@code pending-third-party}; {@code both} counts every status but {@code closed}.
 */
public enum SlaType {
    NORMAL, THIRD_PARTY, BOTH;

    /** Whether time in {@code status} counts. */
    public boolean counts(TicketStatus status) {
        return switch (this) {
            case NORMAL -> status != TicketStatus.CLOSED && status != TicketStatus.PENDING_THIRD_PARTY;
            case THIRD_PARTY -> status == TicketStatus.PENDING_THIRD_PARTY;
            case BOTH -> status != TicketStatus.CLOSED;
        };
    }

    /** The name in conf/sla.yaml: {@code third-party}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SlaType> find(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(t -> t.name().equals(n)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(SlaType::yamlName).collect(Collectors.joining(", "));
    }
}
