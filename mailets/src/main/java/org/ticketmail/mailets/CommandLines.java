package org.ticketmail.mailets;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;

import org.jsoup.Jsoup;
import org.ticketmail.quote.HtmlText;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Takes a technician's command lines out of a copy before it is distributed: from the first text part
 * (the lines at its top) and from the first HTML part (the same text at its start, element by element),
 * so recipients see what the technician wrote, not the commands. The rest of the message is untouched.
 */
final class CommandLines {
    private CommandLines() {
    }

    /** Removes {@code lines} from the top of the copy's text and HTML bodies; a part it cannot read is left as it is. */
    static void removeFrom(MimeMessage copy, List<String> lines) throws MessagingException {
        try {
            boolean[] done = new boolean[2];
            visit(copy, lines, done);
        } catch (IOException e) {
            // an unreadable body keeps its text: the commands were recorded and applied all the same
        }
    }

    private static void visit(Part part, List<String> lines, boolean[] done) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                visit(multipart.getBodyPart(i), lines, done);
            }
            return;
        }
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return;
        }
        if (!done[0] && part.isMimeType("text/plain") && part.getContent() instanceof String text) {
            done[0] = true;
            set(part, CommandReader.split(text).rest(), "plain");
        } else if (!done[1] && part.isMimeType("text/html") && part.getContent() instanceof String html) {
            done[1] = true;
            set(part, safeHtml(html, lines), "html");
        }
    }

    private static void set(Part part, String text, String subtype) throws MessagingException {
        String charset = new ContentType(part.getContentType()).getParameter("charset");
        ((MimePart) part).setText(text, charset == null ? "UTF-8" : charset, subtype);
        if (part instanceof MimePart mp) {
            mp.removeHeader("Content-Transfer-Encoding");
        }
    }

    /**
     * The HTML without the command lines. When the element-by-element removal leaves one (a client that splits
     * a line into several spans, or writes {@code &nbsp;}), the HTML is replaced by the text without the
     * commands: plainer, but no command ever reaches a customer.
     */
    static String safeHtml(String html, List<String> lines) {
        String cleaned = withoutLeadingText(html, lines);
        if (!startsWithCommand(HtmlText.text(cleaned), lines)) {
            return cleaned;
        }
        String text = CommandReader.split(HtmlText.text(html).replace('\u00a0', ' ')).rest().strip();
        return "<div style=\"white-space:pre-wrap\">" + MailTemplate.escapeHtml(text).replace("<br>\n", "\n") + "</div>";
    }

    private static boolean startsWithCommand(String text, List<String> lines) {
        List<String> wanted = lines.stream().map(CommandLines::normalize).toList();
        return CommandReader.split(text.replace('\u00a0', ' ')).lines().stream().map(CommandLines::normalize).anyMatch(wanted::contains);
    }

    private static String normalize(String line) {
        return line.replace('\u00a0', ' ').strip().replaceAll("\\s+", " ");
    }

    /** The HTML without the command lines' text at its start; elements left empty by that go too. */
    static String withoutLeadingText(String html, List<String> lines) {
        Document doc = Jsoup.parse(html);
        Deque<String> pending = new ArrayDeque<>();
        lines.forEach(l -> pending.add(l.strip()));
        for (TextNode node : allTextNodes(doc.body())) {
            if (pending.isEmpty()) {
                break;
            }
            String text = node.getWholeText().replace('\u00a0', ' ');
            if (text.isBlank()) {
                continue;
            }
            String rest = text.stripLeading();
            while (!pending.isEmpty() && rest.startsWith(pending.peek())) {
                rest = rest.substring(pending.poll().length()).stripLeading();
            }
            if (rest.equals(text.stripLeading())) {
                break; // text that is no command: the commands are over
            }
            node.text(rest);
            Element parent = (Element) node.parent();
            if (rest.isEmpty()) {
                node.remove();
                removeEmpty(parent);
            }
        }
        return doc.outerHtml();
    }

    private static List<TextNode> allTextNodes(Element root) {
        List<TextNode> out = new java.util.ArrayList<>();
        root.traverse((Node node, int depth) -> {
            if (node instanceof TextNode t) {
                out.add(t);
            }
        });
        return out;
    }

    /** Removes an element that holds nothing now, and a line break right after it. */
    private static void removeEmpty(Element e) {
        if (e == null || e.tagName().equals("body") || !e.text().isBlank() || !e.select("img").isEmpty()) {
            return;
        }
        Node next = e.nextSibling();
        if (next instanceof Element br && br.tagName().equals("br")) {
            br.remove();
        }
        Element parent = e.parent();
        e.remove();
        removeEmpty(parent);
    }
}
