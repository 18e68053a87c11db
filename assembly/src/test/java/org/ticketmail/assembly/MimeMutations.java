package org.ticketmail.assembly;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Seeded, deterministic mutations of real MIME messages, for the fuzz run of issue 10 ("Nothing lost").
 *
 * <p>{@link #mutant} turns a corpus message, a seed and an index into one hostile message: the same
 * three inputs always give the same bytes, so a failure is reproduced from the seed and index the test
 * prints. Each mutant starts with a header block of its own (a unique Message-ID and a subject with the
 * index), so held mail and recorded tickets name the mutant they came from; the original Message-ID and
 * Subject are taken out, and a From and To are added when the mutated message no longer has them. What
 * follows is the corpus message after one to three {@link Kind}s were applied.
 *
 * <p>Sizes stay far below the appliance's default {@code smtp.maxMessageSize} (50 MB): the largest
 * mutant (zeros as base64) is about {@value #MAX_ZEROS_MB} MB of zeros, 4/3 of that on the wire.
 * Stateless apart from an immutable cached zip; thread-safe.
 */
final class MimeMutations {
    /** What a mutation does to the message. */
    enum Kind {
        TRUNCATE, FLIP_BITS, REPLACE_BYTES, BREAK_BOUNDARY, GARBLE_CONTENT_TYPE, WRONG_CHARSET, LONG_HEADER_LINE,
        HEADER_FLOOD, DEEP_NESTING, ZIP_BOMB, ZERO_ATTACHMENT, NUL_BYTES, EIGHT_BIT_HEADERS, LINE_ENDINGS
    }

    /** One mutated message: where it came from, what was done, and the bytes to send. */
    record Mutant(int index, String messageId, String source, List<Kind> kinds, byte[] raw) {
        String describe() {
            return "#" + index + " " + source + " " + kinds + " " + messageId + " (" + raw.length + " bytes)";
        }
    }

    static final String DOMAIN = "fuzz.test";
    static final int MAX_ZEROS_MB = 3;

    // Cheap kinds are common; the big ones (nesting, floods, attachments) rare, so a run of 2,000 stays in minutes.
    private static final Kind[] WEIGHTED = weighted(
            Kind.TRUNCATE, 10, Kind.FLIP_BITS, 10, Kind.REPLACE_BYTES, 10, Kind.BREAK_BOUNDARY, 10,
            Kind.GARBLE_CONTENT_TYPE, 10, Kind.WRONG_CHARSET, 10, Kind.LONG_HEADER_LINE, 4, Kind.HEADER_FLOOD, 3,
            Kind.DEEP_NESTING, 3, Kind.ZIP_BOMB, 2, Kind.ZERO_ATTACHMENT, 1, Kind.NUL_BYTES, 8, Kind.EIGHT_BIT_HEADERS, 8,
            Kind.LINE_ENDINGS, 6);

    private static final String[] CHARSETS = {
        "x-unknown-charset", "koi8-r", "shift_jis", "utf-7", "utf-16", "utf-32", "iso-2022-jp", "", "\"", "utf-8'en'",
        "ibm-1047", "x-mac-roman", "gb18030", "big5", "utf8mb4", "iso-8859-99", "windows-1252\u0000", "unicode-1-1-utf-7",
        "\u00e9t\u00e9", "us-ascii; charset=koi8-r", "=?utf-8?q?x?=", "cp1252 ", "'", "utf-8\"\"",
    };

    private static final String[] CONTENT_TYPES = {
        "text/plain; charset=utf-8; charset=koi8-r", "multipart/mixed; boundary=", "multipart/mixed; boundary=\"",
        "text/plain; charset=\"", ";;;", "multipart/", "/", "message/rfc822", "text/html; charset=*unknown*",
        "application/octet-stream; name*0*=utf-8''%E2%82; name*1=x; name*3=y", "multipart/alternative",
        "multipart/mixed; boundary=\"a\"; boundary=\"b\"", "text/plain; format=flowed; delsp=yes; charset=utf-7",
        "text/plain; name*=x-unknown''%FF%FE", "multipart/report; report-type=delivery-status", "message/partial; id=x",
        "text/plain; charset=utf-8 (comment (nested (deep)))", "multipart/mixed; boundary=" + "b".repeat(300),
        "message/external-body; access-type=x-unknown", "text/plain;charset=\"utf-8\";;;charset=", "TEXT/PLAIN; CHARSET=UTF-16",
        "multipart/digest; boundary=d", "application/ms-tnef; name=winmail.dat", "text/calendar; method=REQUEST; charset=utf-8",
    };

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary\\s*=\\s*\"?([^\";\\r\\n]+)\"?");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?[^\";\\s]*\"?");
    private static final Pattern CONTENT_TYPE = Pattern.compile("(?im)^content-type:[^\\r\\n]*(\\r?\\n[ \\t][^\\r\\n]*)*");

    private static final byte[] ZIP_BOMB = zipBomb();

    private MimeMutations() {
    }

    /** The mutant number {@code index} of the run with {@code seed}, made from {@code original} (named {@code source}). */
    static Mutant mutant(String source, byte[] original, long seed, int index) {
        Random random = new Random(seed * 1_000_003L + index);
        int count = 1 + (random.nextInt(10) < 6 ? 0 : random.nextInt(3));
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            kinds.add(WEIGHTED[random.nextInt(WEIGHTED.length)]);
        }
        String text = withoutIdentity(crlf(original));
        String subject = header(crlf(original), "Subject");
        for (Kind kind : kinds) {
            text = apply(kind, text, random);
        }
        return wrap(index, seed, source, kinds, subject, text);
    }

    /** A corpus message sent as it is, with the identifying header block of a mutant and no mutation. */
    static Mutant original(String source, byte[] original, long seed, int index) {
        return wrap(index, seed, source, List.of(), header(crlf(original), "Subject"), withoutIdentity(crlf(original)));
    }

    /** A message of {@code depth} nested multiparts (or message/rfc822 parts), for the focused tests. */
    static String deeplyNested(int depth, boolean closed, boolean rfc822) {
        String inner = "Content-Type: text/plain; charset=utf-8\r\n\r\nThe printer on floor 2 is broken.\r\n";
        return rfc822 ? nestRfc822(inner, depth) : nest(inner, depth, closed);
    }

    /** A multipart/mixed body part list: a short text, then a real zip whose entries claim sizes they do not have. */
    static String withZipBomb(String text) {
        return attach(text, "application/zip; name=\"invoice.zip\"", "attachment; filename=\"invoice.zip\"",
                base64(ZIP_BOMB));
    }

    /** As {@link #withZipBomb}, with {@code megabytes} of zeros as a base64 attachment. */
    static String withZeros(String text, int megabytes) {
        return attach(text, "application/octet-stream; name=\"zeros.bin\"", "attachment; filename=\"zeros.bin\"",
                base64(new byte[megabytes * 1024 * 1024]));
    }

    static byte[] zipBombBytes() {
        return ZIP_BOMB.clone();
    }

    private static Mutant wrap(int index, long seed, String source, List<Kind> kinds, String subject, String text) {
        String messageId = "<fuzz." + seed + "." + index + "@" + DOMAIN + ">";
        StringBuilder head = new StringBuilder()
                .append("Message-ID: ").append(messageId).append("\r\n")
                .append("Subject: fuzz ").append(index).append(' ').append(subject == null ? "" : clip(subject, 200)).append("\r\n")
                .append("X-Fuzz: seed=").append(seed).append(" index=").append(index).append(" source=").append(source)
                .append(" kinds=").append(kinds).append("\r\n");
        if (header(text, "From") == null) {
            head.append("From: Fuzz Customer <fuzz-").append(index).append("@customer.test>\r\n");
        }
        if (header(text, "To") == null) {
            head.append("To: support@helpdesk.test\r\n");
        }
        byte[] raw = (head + text).getBytes(StandardCharsets.ISO_8859_1);
        return new Mutant(index, messageId, source, List.copyOf(kinds), raw);
    }

    private static String apply(Kind kind, String text, Random random) {
        return switch (kind) {
            case TRUNCATE -> text.substring(0, random.nextInt(text.length() + 1));
            case FLIP_BITS -> flipBits(text, random);
            case REPLACE_BYTES -> replaceBytes(text, random);
            case BREAK_BOUNDARY -> breakBoundary(text, random);
            case GARBLE_CONTENT_TYPE -> garbleContentType(text, random);
            case WRONG_CHARSET -> wrongCharset(text, random);
            case LONG_HEADER_LINE -> longHeaderLine(text, random);
            case HEADER_FLOOD -> headerFlood(text, random);
            case DEEP_NESTING -> deepNesting(text, random);
            case ZIP_BOMB -> asMultipart(text, b -> withZipBomb(b));
            case ZERO_ATTACHMENT -> asMultipart(text, b -> withZeros(b, 1 + random.nextInt(MAX_ZEROS_MB)));
            case NUL_BYTES -> nulBytes(text, random);
            case EIGHT_BIT_HEADERS -> eightBitHeaders(text, random);
            case LINE_ENDINGS -> lineEndings(text, random);
        };
    }

    private static String flipBits(String text, Random random) {
        char[] c = text.toCharArray();
        if (c.length == 0) {
            return text;
        }
        int limit = random.nextBoolean() ? headerEnd(text) : c.length;
        for (int i = 1 + random.nextInt(32); i > 0; i--) {
            int at = random.nextInt(Math.max(1, limit));
            c[at] = (char) ((c[at] ^ (1 << random.nextInt(8))) & 0xFF);
        }
        return new String(c);
    }

    private static final char[] INTERESTING = {0, '\r', '\n', '-', '=', '?', ':', ';', '"', 0xFF, 0x80, '\t', ' ', '<', '>', '\\'};

    private static String replaceBytes(String text, Random random) {
        char[] c = text.toCharArray();
        if (c.length == 0) {
            return text;
        }
        int limit = random.nextBoolean() ? headerEnd(text) : c.length;
        for (int i = 1 + random.nextInt(32); i > 0; i--) {
            int at = random.nextInt(Math.max(1, limit));
            c[at] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (char) random.nextInt(256);
        }
        return new String(c);
    }

    private static String breakBoundary(String text, Random random) {
        Matcher m = BOUNDARY.matcher(text);
        List<String> boundaries = new ArrayList<>();
        while (m.find()) {
            boundaries.add(m.group(1));
        }
        if (boundaries.isEmpty()) {
            // A multipart header whose boundary never comes.
            return "Content-Type: multipart/mixed; boundary=\"never-" + random.nextInt(1000) + "\"\r\n" + text;
        }
        String b = boundaries.get(random.nextInt(boundaries.size()));
        return switch (random.nextInt(6)) {
            case 0 -> text.replace("--" + b, ""); // every delimiter gone
            case 1 -> text.replace("--" + b + "--", ""); // no close delimiter
            case 2 -> text.replaceFirst(Pattern.quote(b), Matcher.quoteReplacement(b.isEmpty() ? "x" : b.substring(1))); // parameter changed
            case 3 -> text.replace("--" + b + "\n", "--" + b + "\n--" + b + "\n"); // doubled delimiters
            case 4 -> text.replaceFirst("(?i)boundary\\s*=\\s*\"?" + Pattern.quote(b) + "\"?", "boundary=\"\"");
            default -> text.replace("--" + b, "--" + b.toUpperCase(Locale.ROOT) + " "); // delimiters that almost match
        };
    }

    private static String garbleContentType(String text, Random random) {
        String value = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        Matcher m = CONTENT_TYPE.matcher(text);
        List<int[]> found = new ArrayList<>();
        while (m.find()) {
            found.add(new int[] {m.start(), m.end()});
        }
        if (found.isEmpty() || random.nextInt(4) == 0) {
            // A second (or first) Content-Type at the top.
            return "Content-Type: " + value + "\r\n" + text;
        }
        int[] at = found.get(random.nextInt(found.size()));
        return text.substring(0, at[0]) + "Content-Type: " + value + text.substring(at[1]);
    }

    private static String wrongCharset(String text, Random random) {
        String label = CHARSETS[random.nextInt(CHARSETS.length)];
        Matcher m = CHARSET.matcher(text);
        String out;
        if (m.find() && random.nextInt(3) > 0) {
            out = m.replaceAll(Matcher.quoteReplacement("charset=\"" + label + "\""));
        } else {
            out = "Content-Type: text/plain; charset=" + label + "\r\n" + text;
        }
        if (random.nextBoolean()) {
            // An encoded word in a charset nobody knows, or bytes that are not what the label says, in a header we read.
            String word = "=?" + CHARSETS[random.nextInt(CHARSETS.length)] + "?" + (random.nextBoolean() ? "B" : "Q") + "?"
                    + garbage(random, 4 + random.nextInt(40)) + "?=";
            String address = address(text);
            out = replaceHeader(out, "From", word + " <" + address + ">");
        }
        return out;
    }

    private static String longHeaderLine(String text, Random random) {
        // One physical line stays under James' SMTP line limit (8192 bytes, longer is refused with 500); folded ones go far beyond.
        int n = 1000 + random.nextInt(100_000);
        String header = switch (random.nextInt(5)) {
            case 0 -> "X-Long: " + "x".repeat(900 + random.nextInt(7000));
            case 4 -> "X-Long-Folded: " + String.join("\r\n\t", java.util.Collections.nCopies(n / 4000 + 1, "y".repeat(4000)));
            case 1 -> {
                StringBuilder refs = new StringBuilder("References:");
                for (int i = 0; i < n / 30; i++) {
                    refs.append(random.nextBoolean() ? "\r\n " : " ").append("<ref").append(i).append('.').append(random.nextInt())
                            .append("@elsewhere.test>");
                }
                yield refs.toString();
            }
            case 2 -> {
                StringBuilder cc = new StringBuilder("Cc:");
                for (int i = 0; i < 20 + random.nextInt(200); i++) {
                    cc.append(i == 0 ? " " : ",\r\n ").append("person").append(i).append("@cc").append(random.nextInt(5)).append(".test");
                }
                yield cc.toString();
            }
            default -> "Thread-Topic: " + String.join("\r\n ", java.util.Arrays.stream(base64("\u00e9".repeat(n / 4)
                    .getBytes(StandardCharsets.UTF_8)).split("\r\n")).map(w -> "=?utf-8?B?" + w + "?=").toList());
        };
        return insertHeader(text, header, random);
    }

    private static String headerFlood(String text, Random random) {
        int n = 1000 + random.nextInt(9000);
        int variant = random.nextInt(4);
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (variant) {
                case 0 -> flood.append("X-Flood-").append(i).append(": value ").append(i).append("\r\n");
                case 1 -> flood.append("Received: from relay").append(i).append(".test by relay").append(i + 1).append(".test\r\n");
                case 2 -> flood.append("Content-Type: text/plain; charset=").append(CHARSETS[i % CHARSETS.length]).append("\r\n");
                default -> flood.append("Comments: ").append(i).append("\r\n");
            }
        }
        return flood + text;
    }

    private static String deepNesting(String text, Random random) {
        int depth = 100 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 1000);
        String head = headersWithoutContent(text);
        String inner = "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body(text);
        String nested = random.nextInt(4) == 0 ? nestRfc822(inner, depth) : nest(inner, depth, random.nextBoolean());
        return head + "MIME-Version: 1.0\r\n" + nested;
    }

    private static String nest(String inner, int depth, boolean closed) {
        StringBuilder open = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            open.append("Content-Type: multipart/mixed; boundary=\"n").append(i).append("\"\r\n\r\n--n").append(i).append("\r\n");
        }
        StringBuilder out = new StringBuilder(open).append(inner);
        if (closed) {
            for (int i = depth - 1; i >= 0; i--) {
                out.append("\r\n--n").append(i).append("--\r\n");
            }
        }
        return out.toString();
    }

    private static String nestRfc822(String inner, int depth) {
        return "Content-Type: message/rfc822\r\n\r\n".repeat(depth) + "Subject: inner\r\n" + inner;
    }

    private interface BodyAttacher {
        String attach(String body);
    }

    private static String asMultipart(String text, BodyAttacher attacher) {
        return headersWithoutContent(text) + "MIME-Version: 1.0\r\n" + attacher.attach(body(text));
    }

    private static String attach(String text, String contentType, String disposition, String base64) {
        String b = "fuzz-outer-boundary";
        return "Content-Type: multipart/mixed; boundary=\"" + b + "\"\r\n\r\n"
                + "--" + b + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n"
                + "--" + b + "\r\nContent-Type: " + contentType + "\r\nContent-Disposition: " + disposition
                + "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64 + "\r\n--" + b + "--\r\n";
    }

    private static String nulBytes(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        for (int i = 1 + random.nextInt(20); i > 0; i--) {
            s.insert(random.nextInt(s.length() + 1), random.nextBoolean() ? "\u0000" : "\u0000".repeat(1 + random.nextInt(100)));
        }
        return s.toString();
    }

    private static String eightBitHeaders(String text, Random random) {
        String bytes = switch (random.nextInt(3)) {
            case 0 -> garbage8(random, 1 + random.nextInt(40)); // random high bytes
            case 1 -> latin1("Jos\u00e9 M\u00fcller \u65e5\u672c".getBytes(StandardCharsets.UTF_8)); // valid UTF-8
            default -> latin1(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xE2, (byte) 0x82, (byte) 0xF0, (byte) 0x9F}); // broken UTF-8
        };
        return switch (random.nextInt(3)) {
            case 0 -> replaceHeader(text, "From", bytes + " <" + address(text) + ">");
            case 1 -> insertHeader(text, "Content-Disposition: attachment; filename=\"" + bytes + ".pdf\"", random);
            default -> insertHeader(text, "X-Eight-Bit: " + bytes, random);
        };
    }

    private static String lineEndings(String text, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> text.replace("\r\n", "\n");
            case 1 -> text.replace("\r\n", "\n").replace("\n", "\r\n").replace("\r\n", random.nextBoolean() ? "\n\r" : "\r\r\n");
            case 2 -> {
                StringBuilder s = new StringBuilder();
                for (String line : text.split("\r?\n", -1)) {
                    if (s.length() > 0) {
                        s.append(switch (random.nextInt(4)) {
                            case 0 -> "\n";
                            case 1 -> "\r";
                            default -> "\r\n";
                        });
                    }
                    s.append(line);
                }
                yield s.toString();
            }
            default -> text.replace("\r\n", "\n").replace("\n", "\r\n").replace("\r\n", "\r\n\r"); // stray CR at line starts
        };
    }

    // ---- helpers on the message as ISO-8859-1 text (one char per byte, lossless) ----

    /**
     * The message with CRLF line ends: James refuses a bare CR or LF line end in DATA (500, its defence against SMTP
     * smuggling), so corpus files saved with LF or CR ends are sent as a mail client would; {@link Kind#LINE_ENDINGS}
     * brings the bare ones back.
     */
    private static String crlf(byte[] b) {
        return latin1(b).replaceAll("\r\n|\r|\n", "\r\n");
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String base64(byte[] b) {
        return Base64.getMimeEncoder().encodeToString(b);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String garbage(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) (0x21 + random.nextInt(0x5E)));
        }
        return s.toString().replace("?=", "?x");
    }

    private static String garbage8(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) (0x80 + random.nextInt(0x80)));
        }
        return s.toString();
    }

    /** Where the header block ends (the blank line), or the length when there is none. */
    private static int headerEnd(String text) {
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        int end = crlf < 0 ? lf : lf < 0 ? crlf : Math.min(crlf, lf);
        return end < 0 ? text.length() : end;
    }

    private static String headersWithoutContent(String text) {
        String head = text.substring(0, headerEnd(text));
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : head.split("\r?\n")) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (!continuation) {
                String lower = line.toLowerCase(Locale.ROOT);
                skipping = lower.startsWith("content-") || lower.startsWith("mime-version:");
            }
            if (!skipping && !line.isEmpty()) {
                out.append(line).append("\r\n");
            }
        }
        return out.toString();
    }

    private static String body(String text) {
        int end = headerEnd(text);
        return end >= text.length() ? "" : text.substring(end).replaceFirst("^\r?\n\r?\n", "");
    }

    /** The unfolded value of the first {@code name} header in the header block, or null. */
    static String header(String text, String name) {
        String head = text.substring(0, headerEnd(text)).replaceAll("\r?\n[ \t]+", " ");
        for (String line : head.split("\r?\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static String address(String text) {
        String from = header(text, "From");
        if (from != null) {
            Matcher m = Pattern.compile("[^\\s<>\"]+@[^\\s<>\"]+").matcher(from);
            if (m.find()) {
                return m.group();
            }
        }
        return "fuzz@customer.test";
    }

    /** The text without its Message-ID and Subject header fields (continuation lines too): the mutant brings its own. */
    private static String withoutIdentity(String text) {
        int end = headerEnd(text);
        String head = text.substring(0, end);
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : head.split("(?<=\n)")) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (!continuation) {
                skipping = line.regionMatches(true, 0, "Message-ID:", 0, 11) || line.regionMatches(true, 0, "Subject:", 0, 8);
            }
            if (!skipping) {
                out.append(line);
            }
        }
        return out + text.substring(end);
    }

    private static String insertHeader(String text, String header, Random random) {
        // At the top, or just before the blank line that ends the header block.
        if (random.nextBoolean()) {
            return header + "\r\n" + text;
        }
        int end = headerEnd(text);
        String sep = end < text.length() && text.charAt(end) == '\r' ? "\r\n" : "\n";
        return text.substring(0, end) + sep + header + text.substring(end);
    }

    private static String replaceHeader(String text, String name, String value) {
        Pattern p = Pattern.compile("(?im)^" + name + ":[^\\r\\n]*(\\r?\\n[ \\t][^\\r\\n]*)*");
        Matcher m = p.matcher(text.substring(0, headerEnd(text)));
        if (m.find()) {
            return text.substring(0, m.start()) + name + ": " + value + text.substring(m.end());
        }
        return name + ": " + value + "\r\n" + text;
    }

    private static Kind[] weighted(Object... kindsAndWeights) {
        List<Kind> out = new ArrayList<>();
        for (int i = 0; i < kindsAndWeights.length; i += 2) {
            for (int w = (Integer) kindsAndWeights[i + 1]; w > 0; w--) {
                out.add((Kind) kindsAndWeights[i]);
            }
        }
        return out.toArray(Kind[]::new);
    }

    /**
     * A real zip (stored with deflate): three entries of zeros, each 16 MiB of zeros deflated to a few KiB, whose
     * local and central headers then claim 4 GiB - 2 uncompressed: what a zip bomb looks like to anyone who only
     * reads the headers, and a ratio of thousands to one to anyone who inflates it.
     */
    private static byte[] zipBomb() {
        try {
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            List<byte[]> central = new ArrayList<>();
            byte[] zeros = new byte[16 * 1024 * 1024];
            CRC32 crc = new CRC32();
            crc.update(zeros);
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            try (OutputStream out = new DeflaterOutputStream(deflated, deflater)) {
                out.write(zeros);
            }
            deflater.end();
            byte[] data = deflated.toByteArray();
            long claimed = 0xFFFF_FFFEL;
            for (int i = 0; i < 3; i++) {
                byte[] name = ("zeros-" + i + ".txt").getBytes(StandardCharsets.US_ASCII);
                int offset = zip.size();
                le(zip, 0x04034b50, 4);
                le(zip, 20, 2);
                le(zip, 0, 2);
                le(zip, 8, 2);
                le(zip, 0, 4);
                le(zip, crc.getValue(), 4);
                le(zip, data.length, 4);
                le(zip, claimed, 4);
                le(zip, name.length, 2);
                le(zip, 0, 2);
                zip.write(name);
                zip.write(data);
                ByteArrayOutputStream c = new ByteArrayOutputStream();
                le(c, 0x02014b50, 4);
                le(c, 20, 2);
                le(c, 20, 2);
                le(c, 0, 2);
                le(c, 8, 2);
                le(c, 0, 4);
                le(c, crc.getValue(), 4);
                le(c, data.length, 4);
                le(c, claimed, 4);
                le(c, name.length, 2);
                le(c, 0, 2);
                le(c, 0, 2);
                le(c, 0, 2);
                le(c, 0, 2);
                le(c, 0, 4);
                le(c, offset, 4);
                c.write(name);
                central.add(c.toByteArray());
            }
            int centralStart = zip.size();
            int centralSize = 0;
            for (byte[] c : central) {
                zip.write(c);
                centralSize += c.length;
            }
            le(zip, 0x06054b50, 4);
            le(zip, 0, 2);
            le(zip, 0, 2);
            le(zip, central.size(), 2);
            le(zip, central.size(), 2);
            le(zip, centralSize, 4);
            le(zip, centralStart, 4);
            le(zip, 0, 2);
            return zip.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void le(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
