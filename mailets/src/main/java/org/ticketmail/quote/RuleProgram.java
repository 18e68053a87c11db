package org.ticketmail.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quote rules prepared for speed. Consecutive {@code cut-from} rules form one step that walks the
 * lines once and cuts at the first line where any of them matches; rules anchored at a line start
 * ({@code ^}) are tried at line starts only, and only where their {@link LinePrefilter} lets them.
 * {@code cut-match} rules anchored at a line start are tried the same way; {@code cut-lines} tests each
 * line in place. The result is that of running the rules one by one, except that a {@code cut-from}
 * match may run past the cut of a rule before it in the same group. Immutable and thread-safe
 * (matchers are made per call).
 */
final class RuleProgram {

    private sealed interface Step permits CutFrom, CutMatch, CutLines {
        String apply(String text);
    }

    /** One rule's regex, whether it is anchored at a line start, and its prefilter (or null). */
    private record Compiled(Pattern pattern, boolean anchored, LinePrefilter prefilter) {
        static Compiled of(QuoteRule rule) {
            String regex = rule.pattern().pattern();
            boolean anchored = LinePrefilter.anchored(regex);
            return new Compiled(rule.pattern(), anchored, anchored ? LinePrefilter.of(regex) : null);
        }

        boolean mayMatchAt(String text, int lineStart) {
            return prefilter == null || prefilter.mayMatch(text, lineStart);
        }
    }

    private final List<Step> steps;

    RuleProgram(List<QuoteRule> rules) {
        List<Step> out = new ArrayList<>();
        List<Compiled> group = new ArrayList<>();
        for (QuoteRule rule : rules) {
            if (rule.action() == QuoteRule.Action.CUT_FROM) {
                group.add(Compiled.of(rule));
                continue;
            }
            flush(group, out);
            out.add(rule.action() == QuoteRule.Action.CUT_MATCH ? new CutMatch(Compiled.of(rule)) : new CutLines(Compiled.of(rule)));
        }
        flush(group, out);
        this.steps = List.copyOf(out);
    }

    String apply(String text) {
        String result = text;
        for (Step step : steps) {
            if (result.isEmpty()) {
                break;
            }
            result = step.apply(result);
        }
        return result;
    }

    private static void flush(List<Compiled> group, List<Step> out) {
        if (!group.isEmpty()) {
            out.add(new CutFrom(List.copyOf(group)));
            group.clear();
        }
    }

    private static Matcher lineMatcher(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        m.useTransparentBounds(true);
        return m;
    }

    private record CutFrom(List<Compiled> rules) implements Step {
        @Override
        public String apply(String text) {
            int length = text.length();
            // Rules not anchored at a line start are searched anywhere; the earliest match bounds the line walk.
            int cut = length;
            for (Compiled rule : rules) {
                if (!rule.anchored()) {
                    Matcher m = rule.pattern().matcher(text);
                    if (m.find() && m.start() < cut) {
                        cut = m.start();
                    }
                }
            }
            Matcher[] matchers = new Matcher[rules.size()];
            int start = 0;
            while (start < cut) {
                for (int r = 0; r < matchers.length; r++) {
                    Compiled rule = rules.get(r);
                    if (!rule.anchored() || !rule.mayMatchAt(text, start)) {
                        continue;
                    }
                    if (matchers[r] == null) {
                        matchers[r] = lineMatcher(rule.pattern(), text);
                    }
                    matchers[r].region(start, length);
                    if (matchers[r].lookingAt()) {
                        return text.substring(0, start);
                    }
                }
                int newline = text.indexOf('\n', start);
                if (newline < 0) {
                    break;
                }
                start = newline + 1;
            }
            return cut == length ? text : text.substring(0, cut);
        }
    }

    private record CutMatch(Compiled rule) implements Step {
        @Override
        public String apply(String text) {
            if (!rule.anchored()) {
                return rule.pattern().matcher(text).replaceAll("");
            }
            Matcher m = null;
            StringBuilder kept = null;
            int length = text.length();
            int start = 0;
            int keptFrom = 0;
            while (start < length) {
                if (rule.mayMatchAt(text, start)) {
                    if (m == null) {
                        m = lineMatcher(rule.pattern(), text);
                    }
                    m.region(start, length);
                    if (m.lookingAt() && m.end() > start) {
                        if (kept == null) {
                            kept = new StringBuilder(length);
                        }
                        kept.append(text, keptFrom, start);
                        keptFrom = m.end();
                        if (keptFrom == length) {
                            break;
                        }
                        if (text.charAt(keptFrom - 1) == '\n') {
                            start = keptFrom;
                            continue;
                        }
                    }
                }
                int newline = text.indexOf('\n', Math.max(start, keptFrom));
                if (newline < 0) {
                    break;
                }
                start = newline + 1;
            }
            if (kept == null) {
                return text;
            }
            return kept.append(text, keptFrom, length).toString();
        }
    }

    private record CutLines(Compiled rule) implements Step {
        @Override
        public String apply(String text) {
            // Each line is its own region, but look-arounds see the lines around it and \A is the text's start, so a
            // rule can tell a line by its neighbours (a short quote at the very top, kept on purpose).
            Matcher m = rule.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            StringBuilder kept = null;
            int length = text.length();
            int start = 0;
            int keptFrom = 0;
            while (start <= length) {
                int newline = text.indexOf('\n', start);
                int end = newline < 0 ? length : newline;
                if (rule.mayMatchAt(text, start) && m.region(start, end).find()) {
                    if (kept == null) {
                        kept = new StringBuilder(length);
                    }
                    kept.append(text, keptFrom, start);
                    keptFrom = newline < 0 ? length : newline + 1;
                }
                if (newline < 0) {
                    break;
                }
                start = newline + 1;
            }
            if (kept == null) {
                return text;
            }
            kept.append(text, keptFrom, length);
            // A removed last line leaves the newline before it; drop it as line-by-line removal would.
            int n = kept.length();
            if (keptFrom == length && n > 0 && kept.charAt(n - 1) == '\n' && !text.endsWith("\n")) {
                kept.setLength(n - 1);
            }
            return kept.toString();
        }
    }
}
