package org.ticketmail.mailets;

import java.time.Duration;
import java.util.Optional;

/**
 * How the gateway judges spam (issue 14): the {@code spam.*} keys of conf/ticketmail.properties. Immutable.
 *
 * @param spamdHost {@code spam.spamd}'s host, or empty: no content filter
 * @param threshold {@code spam.threshold}: a score at or above it is spam, held and never a ticket
 * @param suspectThreshold {@code spam.suspectThreshold}: from here to {@code threshold} a mail opens a ticket marked
 *     suspect, gets no acknowledgment, and its copies carry {@code suspectPrefix}
 * @param suspectPrefix {@code spam.suspectPrefix}: put before a suspect copy's subject; {@code {score}} is the score
 * @param trustUpstreamHeaders {@code spam.trustUpstreamHeaders}: the verdicts of a filtering server in front count, on
 *     mail from a client in {@code employee.trustedNetworks}
 * @param upstreamScl {@code spam.upstreamScl}: Microsoft 365's spam confidence level from which a mail is spam
 * @param maxBytes {@code spam.maxSize}: larger mail is not sent to spamd (noted on the ticket as not checked)
 * @param timeout {@code spam.timeout}: how long a check may take before the mail goes on unchecked
 * @param retentionDays {@code spam.retentionDays}: how long held spam is kept
 */
public record SpamPolicy(Optional<String> spamdHost, int spamdPort, double threshold, double suspectThreshold, String suspectPrefix,
                         boolean trustUpstreamHeaders, int upstreamScl, long maxBytes, Duration timeout, int retentionDays) {
    public static final double DEFAULT_THRESHOLD = 5.0;
    public static final double DEFAULT_SUSPECT = 3.0;
    public static final String DEFAULT_PREFIX = "[SUSPECT {score}]";

    public SpamPolicy {
        spamdHost = spamdHost == null ? Optional.empty() : spamdHost.filter(h -> !h.isBlank());
        if (suspectThreshold > threshold) {
            throw new IllegalArgumentException("spam.suspectThreshold " + suspectThreshold + " is above spam.threshold " + threshold
                    + "; the suspect band lies below the threshold (set them equal for no band)");
        }
        suspectPrefix = suspectPrefix == null ? "" : suspectPrefix;
    }

    /** No content filter, no upstream verdicts: every mail goes on as it came. */
    public static SpamPolicy off() {
        return new SpamPolicy(Optional.empty(), 0, DEFAULT_THRESHOLD, DEFAULT_SUSPECT, DEFAULT_PREFIX, false, 5, 512 * 1024,
                Duration.ofSeconds(15), 30);
    }

    /** host:port of spamd, or empty. */
    public Optional<String> spamd() {
        return spamdHost.map(h -> h + ":" + spamdPort);
    }

    /** Whether the gateway judges mail at all. */
    public boolean active() {
        return spamdHost.isPresent() || trustUpstreamHeaders;
    }

    /** The subject prefix of a suspect copy with this score. */
    public String prefix(double score) {
        return suspectPrefix.replace("{score}", SpamFilter.format(score)).trim();
    }
}
