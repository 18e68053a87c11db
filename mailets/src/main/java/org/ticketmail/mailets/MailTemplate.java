package org.ticketmail.mailets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.parser.ParseError;
import org.jsoup.parser.Parser;

/**
 * A mail the gateway writes, from {@code conf/templates/NAME.txt} (first line {@code Subject: ...}, then
 * the text) and an optional {@code NAME.html} (the HTML body; the mail is then multipart/alternative).
 * Values go in through seed 004's macros, {@code _incident_id_}; in the HTML part they are escaped.
 * Loading refuses an unknown macro and an HTML part the parser finds broken, naming file, line and fault,
 * so a bad template stops the start instead of a mail. Immutable.
 */
public final class MailTemplate {
    /** Every macro a template may use, with what it stands for (README, "Templates"). */
    public static final Map<String, String> MACROS = Map.ofEntries(
            Map.entry("incident_id", "the ticket number, 2611-1000"),
            Map.entry("tag", "the ticket tag as subjects carry it, Ticket [2611-1000]"),
            Map.entry("incident_title", "the ticket's subject"),
            Map.entry("status", "the ticket's status"),
            Map.entry("resolution", "why it was closed, or empty"),
            Map.entry("epilog", "the closing summary, or empty"),
            Map.entry("priority", "low, normal, high or urgent"),
            Map.entry("owner", "the ticket manager's name, or empty"),
            Map.entry("author", "the customer the ticket is for"),
            Map.entry("fullname", "the name of the person the mail goes to"),
            Map.entry("creation_timestamp", "when the ticket was opened"),
            Map.entry("update_timestamp", "when it last changed"),
            Map.entry("time_used", "the time reported with #time, 1h15m"),
            Map.entry("incident_main_text", "the text of the mail that opened the ticket"),
            Map.entry("sitename", "support.name"),
            Map.entry("support_address", "the support address"),
            Map.entry("changes", "what a technician's commands changed, one per line"),
            Map.entry("refusals", "each refused command line and why"),
            Map.entry("rating_good", "a mailto link that rates the closure good"),
            Map.entry("rating_bad", "a mailto link that rates the closure bad"),
            Map.entry("sla_name", "the ticket's service level (conf/sla.yaml), in an SLA warning"),
            Map.entry("sla_breach", "the limit that was broken: response time, lifetime, inactivity or open tickets"),
            Map.entry("sla_limit", "that limit, 4h or 10 tickets"),
            Map.entry("sla_since", "when it was broken, in the SLA's time zone"),
            Map.entry("sla_detail", "what broke it, in a sentence"));
    private static final Pattern MACRO = Pattern.compile("_([a-z][a-z0-9_]*)_");

    /** A template filled in: the subject, the text, and the HTML body or null. */
    public record Rendered(String subject, String text, String html) {
    }

    private final String subject;
    private final String text;
    private final String html;

    private MailTemplate(String subject, String text, String html) {
        this.subject = subject;
        this.text = text;
        this.html = html;
    }

    /**
     * Loads {@code dir/NAME.txt} and {@code dir/NAME.html}; without the .txt file, {@code builtIn} (same
     * form) is used, so an admin only keeps the templates they change.
     *
     * @throws IllegalArgumentException naming the file, the line and the fault
     */
    public static MailTemplate load(Path dir, String name, String builtIn) {
        Path txt = dir == null ? null : dir.resolve(name + ".txt");
        String shownTxt = "conf/templates/" + name + ".txt";
        String source = builtIn;
        if (txt != null && Files.isRegularFile(txt)) {
            source = read(txt, shownTxt);
        }
        String normalized = source.replace("\r\n", "\n");
        String[] parts = normalized.split("\n", 2);
        if (!parts[0].toLowerCase(Locale.ROOT).startsWith("subject:")) {
            throw new IllegalArgumentException(shownTxt + " line 1: the first line must be 'Subject: ...', e.g. 'Subject: _tag_ _incident_title_'");
        }
        String subject = parts[0].substring("subject:".length()).strip();
        String text = parts.length > 1 ? parts[1].stripLeading() : "";
        checkMacros(normalized, shownTxt);
        String html = null;
        Path htmlFile = dir == null ? null : dir.resolve(name + ".html");
        if (htmlFile != null && Files.isRegularFile(htmlFile)) {
            String shownHtml = "conf/templates/" + name + ".html";
            html = read(htmlFile, shownHtml).replace("\r\n", "\n");
            checkMacros(html, shownHtml);
            checkHtml(html, shownHtml);
        }
        return new MailTemplate(subject, text, html);
    }

    /** Fills the macros; {@code values} must give each macro a value (an absent one renders empty). */
    public Rendered render(Map<String, String> values) {
        return new Rendered(fill(subject, values, false).replaceAll("\\s+", " ").strip(), fill(text, values, false),
                html == null ? null : fill(html, values, true));
    }

    public Optional<String> html() {
        return Optional.ofNullable(html);
    }

    /** Whether the template (either part) uses the macro {@code name}, so a costly value is looked up only when needed. */
    public boolean uses(String name) {
        String macro = "_" + name + "_";
        return subject.contains(macro) || text.contains(macro) || (html != null && html.contains(macro));
    }

    private static String fill(String template, Map<String, String> values, boolean escape) {
        Matcher m = MACRO.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.getOrDefault(m.group(1), "");
            if (value == null) {
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(escape ? escapeHtml(value) : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;")
                .replace("\n", "<br>\n");
    }

    private static void checkMacros(String source, String shown) {
        Matcher m = MACRO.matcher(source);
        while (m.find()) {
            if (!MACROS.containsKey(m.group(1))) {
                throw new IllegalArgumentException(shown + " line " + line(source, m.start()) + ": _" + m.group(1)
                        + "_ is not a macro; macros are " + String.join(", ", new java.util.TreeSet<>(MACROS.keySet()).stream()
                        .map(k -> "_" + k + "_").toList()));
            }
        }
        Matcher old = Pattern.compile("\\{(number|tag|subject|name|fromName|supportAddress)\\}").matcher(source);
        if (old.find()) {
            throw new IllegalArgumentException(shown + " line " + line(source, old.start()) + ": {" + old.group(1)
                    + "} is a placeholder of earlier versions; use the macros, e.g. _incident_id_, _tag_, _incident_title_, _fullname_");
        }
    }

    private static void checkHtml(String html, String shown) {
        Parser parser = Parser.htmlParser().setTrackErrors(10);
        parser.parseInput(html, "");
        for (ParseError e : parser.getErrors()) {
            String message = e.getErrorMessage();
            // A fragment without <html>/<body>, and a missing doctype, are fine for a mail body.
            if (message.contains("doctype") || message.contains("Doctype")) {
                continue;
            }
            throw new IllegalArgumentException(shown + " line " + line(html, Math.min(e.getPosition(), html.length())) + ": broken HTML ("
                    + message + ")");
        }
    }

    private static int line(String s, int position) {
        if (position >= s.length() && s.endsWith("\n")) {
            position = s.length() - 1; // the end of the file is on its last line
        }
        int line = 1;
        for (int i = 0; i < position && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String read(Path file, String shown) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte-order mark some editors write
        } catch (IOException e) {
            throw new IllegalArgumentException(shown + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** The macro names, for tests. */
    static Set<String> macroNames() {
        return MACROS.keySet();
    }
}
