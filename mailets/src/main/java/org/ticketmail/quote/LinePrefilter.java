package org.ticketmail.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A cheap test that a rule anchored at a line start cannot match a line, so its regex is not run there.
 *
 * <p>Derived conservatively from the rule's regex: after inline flags and {@code ^}, an optional
 * repeated character class of simple characters ({@code [ \t>]*}), then either a group of plain
 * literal alternatives ({@code (?:On|Le|Am)}), a literal character repeated ({@code -{2,}}) or plain
 * literal text. Any other shape yields no prefilter, and the regex runs on every line. The test passes
 * every line the regex could match (case-insensitively when the rule says {@code (?i)}), so results
 * never change; it only skips work.
 */
final class LinePrefilter {
    private static final Pattern LEADING_FLAGS = Pattern.compile("^\\(\\?([a-zA-Z]+)\\)");
    private static final Pattern INLINE_FLAGS = Pattern.compile("\\(\\?[a-zA-Z-]");
    private static final String META = "\\^$.|?*+()[]{}";

    /** A leading lookahead {@code (?=[^S]{a,b}T)}: T within b+1 characters, after no character of S. */
    private record Gate(String stop, int min, int max, char target, boolean digit, boolean ignoreCase, char lower, char upper) {
        Gate(String stop, int min, int max, char target, boolean digit, boolean ignoreCase) {
            this(stop, min, max, target, digit, ignoreCase, ignoreCase ? Character.toLowerCase(target) : target,
                    ignoreCase ? Character.toUpperCase(target) : target);
        }

        boolean passes(String text, int start) {
            int length = text.length();
            int end = Math.min(length, start + max + 1);
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (i - start >= min && (digit ? (c >= '0' && c <= '9') || (c >= 128 && Character.isDigit(c))
                        : (c == target || c == lower || c == upper))) {
                    return true;
                }
                if (stop.indexOf(c) >= 0 && !(ignoreCase && Character.isLetter(c))) {
                    return false;
                }
            }
            return false;
        }
    }

    private static final Pattern GATE = Pattern.compile("^\\(\\?=\\[\\^((?:\\\\[nd/t]|[^\\]\\\\])+)\\]\\{(\\d+),(\\d+)\\}(\\\\d|[^\\\\()\\[\\]{}|?*+.^$])\\)");

    private final Gate gate;
    private final String skip;
    private final boolean[] skipAscii = new boolean[128];
    private final List<String> literals;
    private final boolean ignoreCase;
    /** The literals by their first character (both cases when ignoring case), for ASCII first characters. */
    private final String[][] byFirstAscii = new String[128][];
    /** The literals whose first character is not ASCII: tried at any non-ASCII character. */
    private final String[] nonAscii;

    private LinePrefilter(Gate gate, String skip, List<String> literals, boolean ignoreCase) {
        this.gate = gate;
        this.skip = ignoreCase ? bothCases(skip) : skip;
        for (char c : this.skip.toCharArray()) {
            if (c < 128) {
                skipAscii[c] = true;
            }
        }
        this.literals = literals;
        this.ignoreCase = ignoreCase;
        List<String> others = new ArrayList<>();
        for (String literal : literals) {
            char c = literal.charAt(0);
            if (c >= 128) {
                others.add(literal);
                continue;
            }
            char[] variants = ignoreCase ? new char[] {Character.toLowerCase(c), Character.toUpperCase(c)} : new char[] {c};
            for (char v : variants) {
                String[] existing = byFirstAscii[v];
                if (existing == null) {
                    byFirstAscii[v] = new String[] {literal};
                } else if (!java.util.Arrays.asList(existing).contains(literal)) {
                    String[] grown = java.util.Arrays.copyOf(existing, existing.length + 1);
                    grown[existing.length] = literal;
                    byFirstAscii[v] = grown;
                }
            }
        }
        this.nonAscii = others.toArray(new String[0]);
    }

    /** The prefilter of a rule, or null when its regex has no shape this understands. */
    static LinePrefilter of(String regex) {
        String r = regex;
        boolean ignoreCase = false;
        java.util.regex.Matcher flags = LEADING_FLAGS.matcher(r);
        if (flags.find()) {
            String f = flags.group(1);
            ignoreCase = f.contains("i");
            if (f.contains("x") || (ignoreCase && (f.contains("u") || f.contains("U")))) {
                return null; // comments mode, or Unicode case folding: leave such rules to the regex alone
            }
            r = r.substring(flags.end());
        }
        if (!r.startsWith("^") || hasTopLevelAlternation(r) || r.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
            return null;
        }
        int i = 1;
        Gate gate = null;
        java.util.regex.Matcher g = GATE.matcher(r.substring(1));
        if (g.find()) {
            String stop = classChars(g.group(1).replace("\\d", "").replace("\\n", "\n"));
            boolean stopsAtDigits = g.group(1).contains("\\d");
            if (stop != null) {
                boolean digit = g.group(4).equals("\\d");
                gate = new Gate(stopsAtDigits ? stop + "0123456789" : stop, Integer.parseInt(g.group(2)), Integer.parseInt(g.group(3)),
                        digit ? '0' : g.group(4).charAt(0), digit, ignoreCase);
                i = 1 + g.end();
            }
        }
        LinePrefilter withLiterals = literals(r, i, gate, ignoreCase);
        if (withLiterals != null) {
            return withLiterals;
        }
        return gate == null ? null : new LinePrefilter(gate, "", List.of(), ignoreCase);
    }

    /** The prefilter from the skip class and literals at {@code i}, or null when that shape is not there. */
    private static LinePrefilter literals(String r, int i, Gate gate, boolean ignoreCase) {
        String skip = "";
        if (r.startsWith("[", i)) {
            int close = classEnd(r, i);
            if (close < 0 || close + 1 >= r.length() || r.charAt(close + 1) != '*') {
                return null;
            }
            skip = classChars(r.substring(i + 1, close));
            if (skip == null) {
                return null;
            }
            i = close + 2;
        }
        List<String> literals = new ArrayList<>();
        if (r.startsWith("(?:", i)) {
            int close = groupEnd(r, i);
            if (close < 0 || (close + 1 < r.length() && ("?*".indexOf(r.charAt(close + 1)) >= 0 || r.startsWith("{0", close + 1)))) {
                return null;
            }
            if (INLINE_FLAGS.matcher(r.substring(i + 3, close)).find()) {
                return null; // flags set inside an alternative carry over to the alternatives after it
            }
            for (String alternative : topLevelAlternatives(r.substring(i + 3, close))) {
                String prefix = literalPrefix(alternative, 0);
                if (prefix == null) {
                    return null;
                }
                literals.add(prefix);
            }
        } else {
            String prefix = literalPrefix(r, i);
            if (prefix == null) {
                return null;
            }
            literals.add(prefix);
        }
        return new LinePrefilter(gate, skip, List.copyOf(literals), ignoreCase);
    }

    /** Whether the rule may match at the line starting at {@code start}. */
    boolean mayMatch(String text, int start) {
        if (gate != null && !gate.passes(text, start)) {
            return false;
        }
        if (literals.isEmpty()) {
            return true;
        }
        int pos = start;
        int length = text.length();
        while (true) {
            if (pos < length) {
                char c = text.charAt(pos);
                String[] candidates = c < 128 ? byFirstAscii[c] : nonAscii;
                if (candidates != null) {
                    for (String literal : candidates) {
                        if (text.regionMatches(ignoreCase, pos, literal, 0, literal.length())) {
                            return true;
                        }
                    }
                }
            }
            if (pos < length && inSkip(text.charAt(pos))) {
                pos++;
            } else {
                return false;
            }
        }
    }

    private static String bothCases(String chars) {
        StringBuilder out = new StringBuilder();
        for (char c : chars.toCharArray()) {
            for (char v : new char[] {c, Character.toLowerCase(c), Character.toUpperCase(c)}) {
                if (out.indexOf(String.valueOf(v)) < 0) {
                    out.append(v);
                }
            }
        }
        return out.toString();
    }

    /** Whether the skip class takes the character (it holds both cases of its letters when ignoring case). */
    private boolean inSkip(char c) {
        return c < 128 ? skipAscii[c] : skip.indexOf(c) >= 0;
    }

    /** Whether a rule's regex matches only at line starts: '^' after its flags, and no top-level alternative without it. */
    static boolean anchored(String regex) {
        String body = LEADING_FLAGS.matcher(regex).replaceFirst("");
        return body.startsWith("^") && !hasTopLevelAlternation(body);
    }

    /** Whether the regex has a '|' outside groups and classes: then '^' anchors only its first alternative. */
    private static boolean hasTopLevelAlternation(String regex) {
        return topLevelAlternatives(regex).size() > 1;
    }

    private static int classEnd(String r, int open) {
        for (int i = open + 1; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                return -1;
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    /** The characters of a simple class body ({@code  \t>*}), or null for ranges, negation or other escapes. */
    private static String classChars(String body) {
        if (body.startsWith("^")) {
            return null;
        }
        StringBuilder chars = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length()) {
                    return null;
                }
                char e = body.charAt(++i);
                if (e == 't') {
                    chars.append('\t');
                } else if (META.indexOf(e) >= 0 || e == '-') {
                    chars.append(e);
                } else {
                    return null;
                }
            } else if (c == '-' && i > 0 && i < body.length() - 1) {
                return null;
            } else {
                chars.append(c);
            }
        }
        return chars.toString();
    }

    /**
     * The literal text a regex must start with at {@code from}: characters up to the first metacharacter,
     * without a last character that a quantifier makes optional; null when there is none.
     */
    static String literalPrefix(String r, int from) {
        StringBuilder literal = new StringBuilder();
        int i = from;
        while (i < r.length()) {
            char c = r.charAt(i);
            if (c == '\\' && i + 1 < r.length() && META.indexOf(r.charAt(i + 1)) >= 0) {
                c = r.charAt(i + 1);
                i += 2;
            } else if (META.indexOf(c) >= 0) {
                break;
            } else {
                i++;
            }
            if (i < r.length()) {
                char next = r.charAt(i);
                if (next == '?' || next == '*' || (next == '{' && r.startsWith("{0", i))) {
                    break;
                }
                if (next == '{' || next == '+') {
                    literal.append(c);
                    break;
                }
            }
            literal.append(c);
        }
        return literal.length() == 0 ? null : literal.toString();
    }

    /** The index of the ')' closing the group opened at {@code open}, or -1. */
    private static int groupEnd(String r, int open) {
        return topLevelIndexOf(r, open + 1, ')');
    }

    /** The alternatives of a group body, split at '|' outside nested groups and classes. */
    private static List<String> topLevelAlternatives(String body) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int bar = topLevelIndexOf(body, 0, '|'); bar >= 0; bar = topLevelIndexOf(body, from, '|')) {
            out.add(body.substring(from, bar));
            from = bar + 1;
        }
        out.add(body.substring(from));
        return out;
    }

    /** The first {@code target} at or after {@code from} that is outside classes and groups opened after {@code from}, or -1. */
    private static int topLevelIndexOf(String r, int from, char target) {
        int depth = 0;
        boolean inClass = false;
        for (int i = from; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (depth == 0 && c == target) {
                return i;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        return -1;
    }
}
