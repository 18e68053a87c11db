package org.ticketmail.quote;

/**
 * Removes quoted history, quote headers and mobile signatures from a reply's text by applying the
 * ordered {@link QuoteRules}. Never empties a reply that had text: if the rules would remove everything,
 * the full text is kept and a note says so. Thread-safe.
 */
public final class QuoteStripper {
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
        result = result.strip();
        String original = normalized.strip();
        if (result.isEmpty() && !original.isEmpty()) {
            return new Stripped(original, KEPT_FULL_TEXT);
        }
        return new Stripped(result, null);
    }
}
