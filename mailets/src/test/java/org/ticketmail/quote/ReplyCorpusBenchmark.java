package org.ticketmail.quote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: runs the predefined quote rules over the labeled reply corpus
 * ({@code shared/corpora/replies}) and prints one JSON line with accuracy and throughput. Asserts nothing.
 * {@code bench/quote-stripping/compare.mjs} measures the npm parsers the same way.
 *
 * <pre>java -cp ... org.ticketmail.quote.ReplyCorpusBenchmark [CORPUS_DIR] [--details]</pre>
 *
 * {@code --details} prints every pair that is not an exact match (expected vs actual) to stderr.
 */
public final class ReplyCorpusBenchmark {
    static final long WARMUP_NANOS = 3_000_000_000L;
    static final long MEASURE_NANOS = 2_000_000_000L;

    /** What JavaScript's String.prototype.trim removes, so both benchmarks trim alike. */
    private static final String SPACE = "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";
    private static final Pattern EDGE_SPACE = Pattern.compile("\\A" + SPACE + "+|" + SPACE + "+\\z");

    /** Receives the timed results so the JIT cannot drop the work. */
    static volatile long blackhole;

    record Pair(String name, String input, String expected) {
    }

    public static void main(String[] args) throws IOException {
        boolean details = false;
        Path corpus = null;
        for (String arg : args) {
            if (arg.equals("--details")) {
                details = true;
            } else {
                corpus = Path.of(arg);
            }
        }
        List<Pair> pairs = load(corpus != null ? corpus : findCorpus());
        if (pairs.isEmpty()) {
            throw new IllegalStateException("no <name>.txt / <name>.expected.txt pairs found");
        }
        QuoteStripper stripper = new QuoteStripper(QuoteRules.defaults());

        int exact = 0;
        double distanceSum = 0;
        for (Pair p : pairs) {
            String actual = normalize(stripper.strip(p.input()).text());
            String expected = normalize(p.expected());
            if (actual.equals(expected)) {
                exact++;
            } else if (details) {
                System.err.printf("--- %s%n=== expected%n%s%n=== actual%n%s%n%n", p.name(), expected, actual);
            }
            distanceSum += normalizedEditDistance(actual, expected);
        }

        long sink = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < WARMUP_NANOS) {
            sink += pass(stripper, pairs);
        }
        long passes = 0;
        start = System.nanoTime();
        long elapsed;
        do {
            sink += pass(stripper, pairs);
            passes++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < MEASURE_NANOS);
        blackhole = sink;

        int n = pairs.size();
        System.out.printf(Locale.ROOT,
                "{\"tool\":\"ticketmail\",\"messages\":%d,\"exact\":%d,\"exactRate\":%.4f,"
                        + "\"meanNormalizedEditDistance\":%.4f,\"messagesPerSecond\":%d}%n",
                n, exact, (double) exact / n, distanceSum / n, Math.round(passes * n / (elapsed / 1e9)));
    }

    private static long pass(QuoteStripper stripper, List<Pair> pairs) {
        long length = 0;
        for (Pair p : pairs) {
            length += stripper.strip(p.input()).text().length();
        }
        return length;
    }

    static Path findCorpus() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/corpora/replies");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/corpora/replies not found above " + Path.of("").toAbsolutePath());
    }

    /** Every {@code <name>.expected.txt} with its {@code <name>.txt}, CRLF turned into LF. */
    static List<Pair> load(Path corpus) throws IOException {
        List<Pair> pairs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path expected : files.filter(p -> p.toString().endsWith(".expected.txt")).sorted().toList()) {
                String name = corpus.relativize(expected).toString().replace(".expected.txt", "");
                Path input = expected.resolveSibling(expected.getFileName().toString().replace(".expected.txt", ".txt"));
                pairs.add(new Pair(name, MailText.bestEffort(Files.readAllBytes(input)).replace("\r\n", "\n"),
                        Files.readString(expected, StandardCharsets.UTF_8).replace("\r\n", "\n")));
            }
        }
        return pairs;
    }

    static String normalize(String s) {
        return EDGE_SPACE.matcher(s.replace("\r\n", "\n")).replaceAll("");
    }

    /** Levenshtein distance (UTF-16 units) divided by the longer length; 0 when both are empty. */
    static double normalizedEditDistance(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        if (longer == 0) {
            return 0;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return (double) previous[b.length()] / longer;
    }
}
