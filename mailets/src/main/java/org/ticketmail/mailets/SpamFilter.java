package org.ticketmail.mailets;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.metrics.api.MetricFactory;

/**
 * Judges whether a mail is spam (issue 14): by the headers of a filtering server in front, when it is trusted
 * ({@link UpstreamVerdict}), then by SpamAssassin's score ({@link Spamd}) against {@link SpamPolicy}'s thresholds.
 * When spamd cannot be asked, the mail is not judged spam (fail open): a help desk must not lose a customer's mail
 * because its filter is down. Thread-safe.
 */
public final class SpamFilter implements AutoCloseable {
    /** What became of the question. */
    public enum Kind {
        /** Held, never a ticket. */
        SPAM,
        /** Opens or joins its ticket, marked, and no acknowledgment goes out. */
        SUSPECT,
        /** Below the suspect band. */
        CLEAN,
        /** Could not be checked (spamd down or slow): goes on, noted on its ticket; a filter error. */
        UNCHECKED,
        /** Larger than {@code spam.maxSize}, so not sent to spamd: goes on, noted on its ticket. */
        TOO_LARGE,
        /** The gateway judges no mail (no spamd, no upstream verdicts), or the mail was released past the filter. */
        OFF
    }

    /**
     * A verdict: {@code score} is null where none was given (an upstream header without one, an unchecked mail);
     * {@code why} says what decided, for the held mail's reason, the ticket's note and the log.
     */
    public record Verdict(Kind kind, Double score, List<String> rules, String why) {
        public Verdict {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    private final SpamPolicy policy;
    private final List<TrustPolicy.Cidr> trustedNetworks;
    private final Optional<Spamd> spamd;

    public SpamFilter(SpamPolicy policy, List<TrustPolicy.Cidr> trustedNetworks, MetricFactory metrics, Clock clock) {
        this.policy = policy;
        this.trustedNetworks = List.copyOf(trustedNetworks);
        this.spamd = policy.spamdHost().map(h -> new Spamd(metrics, h, policy.spamdPort(), policy.timeout(), clock));
    }

    /** A filter that judges nothing: for tests of single steps and tools. */
    public static SpamFilter off() {
        return new SpamFilter(SpamPolicy.off(), List.of(), null, Clock.systemUTC());
    }

    public SpamPolicy policy() {
        return policy;
    }

    /** The spamd client, when {@code spam.spamd} is set. */
    public Optional<Spamd> spamd() {
        return spamd;
    }

    /**
     * The verdict on a mail.
     *
     * @param size the message's size in bytes (mail over {@code spam.maxSize} is not sent to spamd)
     * @param client the SMTP client's address, as James gives it; upstream headers count only from a trusted one
     */
    public Verdict judge(MimeMessage message, long size, String client) throws MessagingException {
        if (policy.trustUpstreamHeaders() && client != null && trustedNetworks.stream().anyMatch(n -> n.contains(client))) {
            Optional<UpstreamVerdict.Spam> upstream = UpstreamVerdict.read(message, policy.upstreamScl());
            if (upstream.isPresent()) {
                return new Verdict(Kind.SPAM, upstream.get().score(), List.of(), "the filter in front of the gateway (client " + client
                        + ") says so: " + upstream.get().header());
            }
        }
        if (spamd.isEmpty()) {
            return new Verdict(Kind.OFF, null, List.of(), "no content filter (spam.spamd is empty)");
        }
        if (size > policy.maxBytes()) {
            return new Verdict(Kind.TOO_LARGE, null, List.of(), "not checked for spam: " + size / 1024 + " KB is over spam.maxSize ("
                    + policy.maxBytes() / 1024 + " KB)");
        }
        Spamd.Score score;
        try {
            score = spamd.get().check(message);
        } catch (Spamd.Unreachable e) {
            return new Verdict(Kind.UNCHECKED, null, List.of(), "not checked for spam: " + e.getMessage());
        }
        double hits = score.hits();
        if (hits >= policy.threshold()) {
            return new Verdict(Kind.SPAM, hits, spamd.get().rules(message), "SpamAssassin score " + format(hits)
                    + " is at or above spam.threshold " + format(policy.threshold()));
        }
        if (hits >= policy.suspectThreshold()) {
            return new Verdict(Kind.SUSPECT, hits, spamd.get().rules(message), "SpamAssassin score " + format(hits)
                    + " is in the suspect band (" + format(policy.suspectThreshold()) + " to " + format(policy.threshold()) + ")");
        }
        return new Verdict(Kind.CLEAN, hits, List.of(), "SpamAssassin score " + format(hits));
    }

    /** A score as messages show it: one decimal. */
    static String format(double score) {
        return String.format(Locale.ROOT, "%.1f", score);
    }

    /** How the reason of every mail held as spam starts ({@link #holdReason}): what retention and the status page look for. */
    public static final String HELD_PREFIX = "spam: ";

    /** The reason a spam verdict is held with: {@code spam: score S; rules A, B; WHY}, which {@link #scoreOf} and {@link #rulesOf} read back. */
    public static String holdReason(Verdict v) {
        StringBuilder r = new StringBuilder(HELD_PREFIX);
        r.append("score ").append(v.score() == null ? "none" : format(v.score()));
        r.append("; rules ").append(v.rules().isEmpty() ? "none" : String.join(", ", v.rules()));
        r.append("; ").append(v.why());
        return r.toString();
    }

    private static final Pattern HELD_SCORE = Pattern.compile("^spam: score (-?\\d+\\.\\d)");
    private static final Pattern HELD_RULES = Pattern.compile("; rules ([^;]+);");

    /** The score in a held mail's reason that {@link #holdReason} wrote, or empty. */
    public static Optional<Double> scoreOf(String reason) {
        Matcher m = reason == null ? null : HELD_SCORE.matcher(reason);
        return m != null && m.find() ? Optional.of(Double.valueOf(m.group(1))) : Optional.empty();
    }

    /** The rules in a held mail's reason that {@link #holdReason} wrote; empty when none. */
    public static List<String> rulesOf(String reason) {
        if (reason == null || !reason.startsWith(HELD_PREFIX)) {
            return List.of();
        }
        Matcher m = HELD_RULES.matcher(reason);
        if (!m.find() || m.group(1).equals("none")) {
            return List.of();
        }
        return List.of(m.group(1).split(",\\s*"));
    }

    @Override
    public void close() {
        spamd.ifPresent(Spamd::close);
    }
}
