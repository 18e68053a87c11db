package org.ticketmail.mailets;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the pipeline counts and times (issue 11), in a Micrometer registry ({@code GET /metrics} exposes it in
 * the Prometheus format) and, for the status page, over the last minute, hour and day:
 *
 * <ul>
 *   <li>{@code ticketmail_mails_total{outcome}}: received (entered the ticket pipeline), recorded, distributed, held;</li>
 *   <li>{@code ticketmail_tickets_opened_total}, {@code ticketmail_commands_applied_total};</li>
 *   <li>{@code ticketmail_held_total{reason}}: held mail by kind of reason ({@link HeldReasons});</li>
 *   <li>{@code ticketmail_spam_total{outcome}}: spam held, suspect, released from held mail, and filter errors (mail that
 *       went on unchecked because spamd could not be asked);</li>
 *   <li>{@code ticketmail_sla_evaluations_total}, {@code ticketmail_sla_warnings_total{kind}}: SLA evaluation runs and the
 *       breaches warned of;</li>
 *   <li>{@code ticketmail_step_seconds{step}}: a histogram of each pipeline step's time;</li>
 *   <li>{@code ticketmail_mail_seconds}: a histogram from SMTP accept to the last copy handed on.</li>
 * </ul>
 *
 * Thread-safe.
 */
public final class PipelineMetrics {
    /** The outcomes counted per mail. */
    public enum Outcome {
        RECEIVED, RECORDED, DISTRIBUTED, HELD;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<Outcome, RecentCounts> recent = new ConcurrentHashMap<>();
    private final Map<String, Timer> steps = new ConcurrentHashMap<>();
    private final Map<String, Counter> held = new ConcurrentHashMap<>();
    private final Counter opened;
    private final Counter commands;
    private final Timer mail;

    public PipelineMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, Counter.builder("ticketmail.mails").description("mails of the ticket pipeline by outcome")
                    .tag("outcome", o.tag()).register(registry));
            recent.put(o, new RecentCounts(clock));
        }
        for (String o : SPAM_OUTCOMES) {
            spam.put(o, Counter.builder("ticketmail.spam").description("spam filter outcomes: held, suspect, released, filter errors")
                    .tag("outcome", o).register(registry));
        }
        opened = Counter.builder("ticketmail.tickets.opened").description("tickets opened").register(registry);
        commands = Counter.builder("ticketmail.commands.applied").description("technicians' command lines applied").register(registry);
        mail = Timer.builder("ticketmail.mail").description("from SMTP accept to the last copy of the mail handed on")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
    }

    public void count(Outcome outcome) {
        outcomes.get(outcome).increment();
        recent.get(outcome).add(1);
    }

    /** How many mails had this outcome over the last {@code minutes} minutes (1 to 1440). */
    public long recent(Outcome outcome, int minutes) {
        return recent.get(outcome).last(minutes);
    }

    public void ticketOpened() {
        opened.increment();
    }

    public void commandsApplied(int lines) {
        commands.increment(lines);
    }

    /** A mail was held: {@code reason} as the held mail shows it. A spam hold also counts as {@code spam{outcome=held}}. */
    public void held(String reason) {
        count(Outcome.HELD);
        String kind = HeldReasons.kind(reason);
        held.computeIfAbsent(kind, k -> Counter.builder("ticketmail.held").description("held mail by kind of reason")
                .tag("reason", k).register(registry)).increment();
        if (kind.equals("spam")) {
            spam("held");
        }
    }

    /** The spam outcomes counted. */
    public static final java.util.List<String> SPAM_OUTCOMES = java.util.List.of("held", "suspect", "released", "error");
    private final Map<String, Counter> spam = new ConcurrentHashMap<>();

    /** A spam filter outcome: suspect, released or error (held is counted by {@link #held}, where every hold ends up). */
    public void spam(String outcome) {
        spam.get(outcome).increment();
    }

    /** How many mails had the spam outcome since start. */
    public long spamCount(String outcome) {
        return (long) spam.get(outcome).count();
    }

    private final Map<String, Counter> slaWarnings = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong slaRuns = new java.util.concurrent.atomic.AtomicLong();

    /** An SLA evaluation of every open ticket finished. */
    public void slaEvaluated() {
        if (slaRuns.getAndIncrement() == 0) {
            io.micrometer.core.instrument.FunctionCounter.builder("ticketmail.sla.evaluations", slaRuns, java.util.concurrent.atomic.AtomicLong::get)
                    .description("SLA evaluations of every open ticket").register(registry);
        }
    }

    /** How many SLA evaluations of every open ticket finished since start. */
    public long slaEvaluations() {
        return slaRuns.get();
    }

    /** A breach of kind {@code kind} (response, lifetime, inactivity, open-tickets) was warned of. */
    public void slaWarned(String kind) {
        slaWarnings.computeIfAbsent(kind, k -> Counter.builder("ticketmail.sla.warnings").description("SLA breaches warned of, by kind")
                .tag("kind", k).register(registry)).increment();
    }

    public void stepTook(String step, long nanos) {
        steps.computeIfAbsent(step, s -> Timer.builder("ticketmail.step").description("time of one pipeline step")
                .tag("step", s).publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The mail's last copy was handed on {@code nanos} after SMTP accepted it. */
    public void mailDone(long nanos) {
        mail.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
}
