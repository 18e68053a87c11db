package org.ticketmail.assembly;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.ticketmail.mailets.PipelineMetrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What the status server shows an operator beyond the tickets: the metrics registry ({@code /metrics}), the
 * pipeline's recent counts, the parts' health, the queues, the version and uptime, and how the last reloads of
 * the configuration files went.
 */
record Operations(PrometheusMeterRegistry registry, PipelineMetrics metrics, Health health, Supplier<Map<String, Long>> queueDepths,
                  Instant startedAt, String version, Supplier<List<Reload>> reloads) {

    /** The last load of one configuration file: when, and whether it was taken or refused (and why). */
    record Reload(String file, Instant at, boolean ok, String message) {
    }

    /** The version of this build, from the jar's manifest; "development" when run from classes. */
    static String buildVersion() {
        String v = Operations.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
