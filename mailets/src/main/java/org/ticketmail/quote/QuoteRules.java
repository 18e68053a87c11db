package org.ticketmail.quote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The ordered quote rules of a rule file.
 *
 * <p>File format, one rule per line: {@code ACTION NAME REGEX}, separated by whitespace; the regex is
 * the rest of the line, compiled with MULTILINE and UNIX_LINES (only {@code \n} ends a line, as in the
 * normalized text). ACTION is {@code cut-from}, {@code cut-match} or {@code cut-lines}. Blank lines
 * and lines starting with {@code #} are ignored. Rules run top to bottom, each on what the previous
 * left; consecutive cut-from rules act together and cut at the earliest match of any of them (see
 * {@link RuleProgram}). A bad line fails the load with the file, the line number and the fault.
 */
public final class QuoteRules {
    /** The predefined rules shipped inside the jar (and as the sample {@code conf/quote-rules.txt}). */
    public static final String DEFAULT_RESOURCE = "default-quote-rules.txt";

    private final List<QuoteRule> rules;
    private final RuleProgram program;

    public QuoteRules(List<QuoteRule> rules) {
        this.rules = List.copyOf(rules);
        this.program = new RuleProgram(this.rules);
    }

    /** Applies the rules, in order, to text with LF line ends. */
    String apply(String text) {
        return program.apply(text);
    }

    public List<QuoteRule> rules() {
        return rules;
    }

    public static QuoteRules load(Path file, String shownName) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), shownName);
        } catch (IOException e) {
            throw new QuoteRulesException(shownName + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public static QuoteRules defaults() {
        try (InputStream in = QuoteRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static QuoteRules parse(String text, String shownName) {
        List<QuoteRule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = shownName + " line " + (i + 1);
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3) {
                throw new QuoteRulesException(where + ": expected 'ACTION NAME REGEX', e.g. 'cut-from gmail ^On .* wrote:$'");
            }
            QuoteRule.Action action = QuoteRule.Action.parse(parts[0]);
            if (action == null) {
                throw new QuoteRulesException(where + ": action '" + parts[0] + "' is not one of cut-from, cut-match, cut-lines");
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(parts[2], Pattern.MULTILINE | Pattern.UNIX_LINES);
            } catch (PatternSyntaxException e) {
                throw new QuoteRulesException(where + ": rule '" + parts[1] + "' has a bad regex (" + e.getDescription()
                        + " near index " + e.getIndex() + ")");
            }
            rules.add(new QuoteRule(parts[1], action, pattern));
        }
        return new QuoteRules(rules);
    }
}
