package org.ticketmail.mailets;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a ticket number appears in a subject: the pattern that finds it (group 1 is the number) and the
 * format that writes it. Default {@code Ticket [2611-1000]}, as in seed 002's {@code Ticket [0500-1000]}.
 * Configured once ({@code ticket.subjectPattern}, {@code ticket.subjectFormat}) and shared through the
 * {@link Gateway}. Immutable.
 */
public final class TicketTag {
    public static final String DEFAULT_PATTERN = "(?i)Ticket\\s*\\[\\s*(\\d{4}-\\d{4,})\\s*\\]";
    public static final String DEFAULT_FORMAT = "Ticket [%s]";

    private final Pattern pattern;
    private final String format;

    private TicketTag(Pattern pattern, String format) {
        this.pattern = pattern;
        this.format = format;
    }

    public static TicketTag defaults() {
        return new TicketTag(Pattern.compile(DEFAULT_PATTERN), DEFAULT_FORMAT);
    }

    /**
     * The tag {@code ticket.subjectPattern} and {@code ticket.subjectFormat} describe (blank: the
     * default). Refuses a pattern that is no regex or has no group, a format without {@code %s}, and a
     * pair where the pattern does not find the number in what the format writes; the message names the
     * key, the value and a fix.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static TicketTag of(String regex, String format) {
        String r = regex == null || regex.isBlank() ? DEFAULT_PATTERN : regex;
        String f = format == null || format.isBlank() ? DEFAULT_FORMAT : format;
        Pattern p;
        try {
            p = Pattern.compile(r);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("ticket.subjectPattern '" + r + "' is not a regex (" + e.getDescription()
                    + "); e.g. " + DEFAULT_PATTERN);
        }
        if (p.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("ticket.subjectPattern '" + r
                    + "' has no group for the number; put the number in ( ), e.g. " + DEFAULT_PATTERN);
        }
        if (!f.contains("%s") || f.replace("%s", "").contains("%")) {
            throw new IllegalArgumentException("ticket.subjectFormat '" + f + "' needs one %s where the number goes and no"
                    + " other %, e.g. " + DEFAULT_FORMAT);
        }
        String sample = String.format(f, "2611-1000");
        Matcher m = p.matcher(sample);
        if (!m.find() || !"2611-1000".equals(m.group(1))) {
            throw new IllegalArgumentException("ticket.subjectPattern '" + r + "' does not find the number in what"
                    + " ticket.subjectFormat writes ('" + sample + "'); make them agree");
        }
        return new TicketTag(p, f);
    }

    public Optional<String> find(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(subject);
        return m.find() ? Optional.ofNullable(m.group(1)) : Optional.empty();
    }

    public String format(String number) {
        return String.format(format, number);
    }

    /** The subject with the tag of {@code number} in it: an existing tag is rewritten, else the tag is appended. */
    public String tagged(String subject, String number) {
        String s = subject == null ? "" : subject.strip();
        Matcher m = pattern.matcher(s);
        if (m.find()) {
            if (number.equals(m.group(1))) {
                return s;
            }
            return s.substring(0, m.start()) + format(number) + s.substring(m.end());
        }
        return s.isEmpty() ? format(number) : s + " " + format(number);
    }

    /** The subject without any tag, for the subject of a new ticket. */
    public String untagged(String subject) {
        String s = subject == null ? "" : subject;
        return pattern.matcher(s).replaceAll("").replaceAll("\\s{2,}", " ").strip();
    }
}
