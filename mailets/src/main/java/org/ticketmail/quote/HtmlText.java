package org.ticketmail.quote;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;

/**
 * Turns an HTML mail body into plain text with its paragraphs kept, after removing the quoted history
 * that mail clients mark in their HTML (blockquote, Gmail's gmail_quote, Outlook's divRplyFwdMsg and
 * header blocks, Thunderbird's moz-cite-prefix, Yahoo's yahoo_quoted). Thread-safe.
 */
public final class HtmlText {
    private static final String QUOTE_SELECTORS = "blockquote, .gmail_quote, .gmail_extra, .moz-cite-prefix, "
            + ".yahoo_quoted, #yahoo_quoted, .OutlookMessageHeader, #divRplyFwdMsg, #appendonsend, "
            + "div[id^=divRplyFwdMsg], div.x_divRplyFwdMsg, #mail-editor-reference-message-container";

    private HtmlText() {
    }

    /** The visible text of the whole document, quotes included. */
    public static String text(String html) {
        return render(Jsoup.parse(html).body());
    }

    /** The visible text with the marked quoted history removed. */
    public static String replyText(String html) {
        Document doc = Jsoup.parse(html);
        Elements quoteStarts = doc.select("#divRplyFwdMsg, div[id^=divRplyFwdMsg], #appendonsend, .OutlookMessageHeader");
        for (Element start : quoteStarts) {
            // Outlook puts its quote header in a div and the quoted body after it: drop the rest.
            Element e = start;
            while (e != null && e != doc.body()) {
                Element next = e.nextElementSibling();
                while (next != null) {
                    Element after = next.nextElementSibling();
                    next.remove();
                    next = after;
                }
                e = e.parent();
                if (e != null && e.tagName().equals("body")) {
                    break;
                }
            }
        }
        doc.select(QUOTE_SELECTORS).remove();
        // Outlook desktop separates the quote with a border-top div holding "From:".
        for (Element div : doc.select("div[style*=border-top]")) {
            if (div.text().matches("(?s)^\\s*(From|Von|De|Van|Da)\\s*:.*")) {
                Element e = div;
                Element next = e.nextElementSibling();
                while (next != null) {
                    Element after = next.nextElementSibling();
                    next.remove();
                    next = after;
                }
                div.remove();
            }
        }
        return render(doc.body());
    }

    private static String render(Element root) {
        StringBuilder out = new StringBuilder();
        walk(root, out);
        // Collapse runs of blank lines to one, trim spaces at line ends.
        String text = out.toString().replace('\u00a0', ' ');
        text = text.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n");
        return text.strip();
    }

    private static void walk(Node node, StringBuilder out) {
        for (Node child : node.childNodes()) {
            if (child instanceof TextNode t) {
                String s = t.getWholeText().replaceAll("\\s+", " ");
                if (out.length() == 0 || out.charAt(out.length() - 1) == '\n') {
                    s = s.stripLeading();
                }
                out.append(s);
            } else if (child instanceof Element e) {
                String tag = e.normalName();
                switch (tag) {
                    case "br" -> out.append('\n');
                    case "script", "style", "head", "title" -> { }
                    case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "pre", "li", "hr" -> {
                        newline(out, tag.equals("p") || tag.startsWith("h") ? 2 : 1);
                        if (tag.equals("li")) {
                            out.append("- ");
                        }
                        if (tag.equals("pre")) {
                            out.append(e.wholeText());
                        } else {
                            walk(e, out);
                        }
                        newline(out, tag.equals("p") || tag.startsWith("h") ? 2 : 1);
                    }
                    case "td", "th" -> {
                        walk(e, out);
                        out.append(' ');
                    }
                    default -> walk(e, out);
                }
            }
        }
    }

    private static void newline(StringBuilder out, int count) {
        if (out.length() == 0) {
            return;
        }
        int trailing = 0;
        for (int i = out.length() - 1; i >= 0 && out.charAt(i) == '\n'; i--) {
            trailing++;
        }
        for (int i = trailing; i < count; i++) {
            out.append('\n');
        }
    }
}
