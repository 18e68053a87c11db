package org.ticketmail.quote;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule of the quote-rule file: a name, what it cuts, and a regular expression (Java syntax, compiled
 * with MULTILINE so {@code ^} and {@code $} match at line boundaries).
 */
public record QuoteRule(String name, Action action, Pattern pattern) {

    /** What a rule removes when its expression matches. */
    public enum Action {
        /** The match and everything after it: a quote header such as "On ... wrote:". */
        CUT_FROM,
        /** Only the matched text. */
        CUT_MATCH,
        /** Every line the expression matches anywhere in. */
        CUT_LINES;

        public String fileName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Action parse(String word) {
            for (Action a : values()) {
                if (a.fileName().equals(word)) {
                    return a;
                }
            }
            return null;
        }
    }

    public QuoteRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(pattern, "pattern");
    }
}
