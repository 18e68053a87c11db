package org.ticketmail.mailets;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

/**
 * The spam verdict a filtering server in front of the gateway wrote into a mail's header ({@code spam.trustUpstreamHeaders}):
 * SpamAssassin's or rspamd's {@code X-Spam-Flag: YES} and {@code X-Spam-Status: Yes}, Microsoft 365's spam confidence
 * level {@code X-MS-Exchange-Organization-SCL} at or above a level, and an {@code Authentication-Results} with a DMARC
 * failure whose domain's policy is reject or quarantine. Only the caller knows whether the client that handed the mail
 * over may be believed; this only reads.
 */
final class UpstreamVerdict {
    private static final Pattern SCORE = Pattern.compile("(?:score|hits)=(-?\\d+(?:\\.\\d+)?)");
    private static final Pattern DMARC_FAIL = Pattern.compile("\\bdmarc=fail\\b");
    /** p=reject (OpenDMARC, Gmail), policy.dmarc=quarantine, action=oreject or action=quarantine (Microsoft 365), (policy=reject) (rspamd). */
    private static final Pattern DMARC_POLICY = Pattern.compile("\\b(?:p|policy|policy\\.dmarc|action)=(?:o|pct\\.)?(reject|quarantine)\\b");

    private UpstreamVerdict() {
    }

    /** What a header said, for the held mail's reason; and the score it gave, when it gave one. */
    record Spam(String header, Double score) {
    }

    /** The header that calls the mail spam, or empty; {@code sclLevel} is the SCL from which Microsoft 365's counts. */
    static Optional<Spam> read(MimeMessage message, int sclLevel) throws MessagingException {
        for (String flag : headers(message, "X-Spam-Flag")) {
            if (flag.trim().toLowerCase(Locale.ROOT).startsWith("yes")) {
                return Optional.of(new Spam("X-Spam-Flag: " + flag.trim(), scoreIn(message)));
            }
        }
        for (String status : headers(message, "X-Spam-Status")) {
            if (status.trim().toLowerCase(Locale.ROOT).startsWith("yes")) {
                return Optional.of(new Spam("X-Spam-Status: " + shortened(status.trim()), score(status)));
            }
        }
        for (String scl : headers(message, "X-MS-Exchange-Organization-SCL")) {
            try {
                int level = Integer.parseInt(scl.trim());
                if (level >= sclLevel) {
                    return Optional.of(new Spam("X-MS-Exchange-Organization-SCL: " + level + " (spam.upstreamScl " + sclLevel + ")", null));
                }
            } catch (NumberFormatException e) {
                // not a level: no verdict
            }
        }
        for (String results : headers(message, "Authentication-Results")) {
            String r = results.toLowerCase(Locale.ROOT);
            Matcher fail = DMARC_FAIL.matcher(r);
            if (fail.find()) {
                // The policy belongs to the dmarc result: read from there to the next method's result.
                int end = r.indexOf(';', fail.end());
                Matcher policy = DMARC_POLICY.matcher(end < 0 ? r.substring(fail.start()) : r.substring(fail.start(), end));
                if (policy.find()) {
                    return Optional.of(new Spam("Authentication-Results: dmarc=fail, policy " + policy.group(1), null));
                }
            }
        }
        return Optional.empty();
    }

    private static Double scoreIn(MimeMessage message) throws MessagingException {
        for (String status : headers(message, "X-Spam-Status")) {
            Double s = score(status);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private static Double score(String status) {
        Matcher m = SCORE.matcher(status);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    private static String shortened(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    /** The header's values, unfolded and decoded; none when absent. */
    private static String[] headers(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        if (values == null) {
            return new String[0];
        }
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            String unfolded = MimeUtility.unfold(values[i]);
            try {
                out[i] = MimeUtility.decodeText(unfolded);
            } catch (java.io.UnsupportedEncodingException e) {
                out[i] = unfolded;
            }
        }
        return out;
    }
}
