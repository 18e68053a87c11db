package org.ticketmail.quote;

/**
 * Removes quoted history, quote headers and mobile signatures from a reply's text by applying the
 * ordered {@link QuoteRules}, then spaces at line ends and blank lines at both ends. Never empties a reply
 * that had text: if the rules would remove everything, the full text is kept and a note says so. Thread-safe.
 */
public final class QuoteStripper {
    private static final java.util.regex.Pattern TRAILING_SPACE = java.util.regex.Pattern.compile("[ \\t\\u00a0]+$", java.util.regex.Pattern.MULTILINE);
    static final String KEPT_FULL_TEXT = "the quote rules would have removed all text; the full text is kept";

    private final QuoteRules rules;

    public QuoteStripper(QuoteRules rules) {
        this.rules = rules;
    }

    public Stripped strip(String text) {
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
        String result = normalized;
        for (QuoteRule rule : rules.rules()) {
            result = rule.apply(result);
        }
        result = TRAILING_SPACE.matcher(result).replaceAll("").strip();
        String original = normalized.strip();
        if (result.isEmpty() && !original.isEmpty()) {
            return new Stripped(original, KEPT_FULL_TEXT);
        }
        return new Stripped(result, null);
    }
}
