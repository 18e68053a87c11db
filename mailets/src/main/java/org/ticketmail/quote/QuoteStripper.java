package org.ticketmail.quote;

/**
 * Removes quoted history, quote headers and signatures from a reply's text by applying the ordered
 * {@link QuoteRules}, then spaces at line ends and blank lines at both ends. Never empties a reply
 * that had text: if the rules would remove everything, the full text is kept and a note says so.
 * Thread-safe.
 */
public final class QuoteStripper {
    static final String KEPT_FULL_TEXT = "the quote rules would have removed all text; the full text is kept";

    private final QuoteRules rules;

    public QuoteStripper(QuoteRules rules) {
        this.rules = rules;
    }

    public Stripped strip(String text) {
        String normalized = text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
        String result = withoutTrailingSpace(rules.apply(normalized)).strip();
        if (result.isEmpty()) {
            String original = normalized.strip();
            if (!original.isEmpty()) {
                return new Stripped(original, KEPT_FULL_TEXT);
            }
        }
        return new Stripped(result, null);
    }

    /** The text without spaces, tabs and no-break spaces at line ends. */
    static String withoutTrailingSpace(String text) {
        StringBuilder out = null;
        int length = text.length();
        int lineStart = 0;
        while (lineStart <= length) {
            int newline = text.indexOf('\n', lineStart);
            int end = newline < 0 ? length : newline;
            int trimmed = end;
            while (trimmed > lineStart && isSpace(text.charAt(trimmed - 1))) {
                trimmed--;
            }
            if (trimmed != end && out == null) {
                out = new StringBuilder(length).append(text, 0, lineStart);
            }
            if (out != null) {
                out.append(text, lineStart, trimmed);
                if (newline >= 0) {
                    out.append('\n');
                }
            }
            if (newline < 0) {
                break;
            }
            lineStart = newline + 1;
        }
        return out == null ? text : out.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u00a0';
    }
}
