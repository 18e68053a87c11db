package org.ticketmail.quote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Locale;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;

/**
 * Finds the body text and the attachments of a MIME message.
 *
 * <p>The text is the first text/plain part that is not an attachment; without one, the first text/html
 * part, rendered by {@link HtmlText}. Declared charsets are honoured; an unknown or missing charset is
 * decoded as UTF-8 when the bytes are valid UTF-8, else as windows-1252, so a body is never dropped.
 */
public final class MailText {

    /** An attachment: its file name (or a made-up one) and decoded size in bytes. */
    public record Attached(String name, long size) {
    }

    /** What a message holds. {@code html} tells whether {@code text} came from an HTML part. */
    public record Content(String text, boolean html, String rawHtml, List<Attached> attachments) {
    }

    private MailText() {
    }

    public static Content of(Part message) throws MessagingException, IOException {
        Collector c = new Collector();
        c.visit(message, 0);
        if (c.plain != null) {
            return new Content(c.plain, false, c.html, c.attachments);
        }
        if (c.html != null) {
            return new Content(HtmlText.text(c.html), true, c.html, c.attachments);
        }
        return new Content("", false, null, c.attachments);
    }

    /** The reply text of a message: stripped with the rules; HTML-only mail has its marked quotes removed first. */
    public static Stripped reply(Part message, QuoteStripper stripper) throws MessagingException, IOException {
        return reply(message, stripper, UnaryOperator.identity());
    }

    /** As {@link #reply(Part, QuoteStripper)}, with {@code first} applied to the text before the rules (e.g. to drop command lines). */
    public static Stripped reply(Part message, QuoteStripper stripper, UnaryOperator<String> first) throws MessagingException, IOException {
        Content content = of(message);
        if (content.html() && content.rawHtml() != null) {
            Stripped fromHtml = stripper.strip(first.apply(HtmlText.replyText(content.rawHtml())));
            if (fromHtml.note() == null) {
                return fromHtml;
            }
        }
        return stripper.strip(first.apply(content.text()));
    }

    private static final class Collector {
        String plain;
        String html;
        final List<Attached> attachments = new ArrayList<>();

        void visit(Part part, int depth) throws MessagingException, IOException {
            if (depth > 20) {
                return;
            }
            String type = contentType(part);
            if (type.startsWith("multipart/")) {
                Object content;
                try {
                    content = part.getContent();
                } catch (MessagingException | IOException e) {
                    content = null;
                }
                if (content instanceof Multipart mp) {
                    int count;
                    try {
                        count = mp.getCount();
                    } catch (MessagingException e) {
                        count = 0;
                    }
                    for (int i = 0; i < count; i++) {
                        BodyPart child = mp.getBodyPart(i);
                        visit(child, depth + 1);
                    }
                    return;
                }
                // A broken multipart: fall back to its raw text.
                if (plain == null) {
                    plain = decode(part);
                }
                return;
            }
            if (isAttachment(part, type)) {
                attachments.add(new Attached(fileName(part, type), size(part)));
                return;
            }
            if (type.equals("text/plain") && plain == null) {
                plain = decode(part);
            } else if (type.equals("text/html") && html == null) {
                html = decode(part);
            } else if (type.equals("message/rfc822") || type.startsWith("text/")) {
                if (!type.equals("text/plain") && !type.equals("text/html")) {
                    attachments.add(new Attached(fileName(part, type), size(part)));
                }
            } else {
                attachments.add(new Attached(fileName(part, type), size(part)));
            }
        }
    }

    private static boolean isAttachment(Part part, String type) throws MessagingException {
        String disposition;
        try {
            disposition = part.getDisposition();
        } catch (ParseException e) {
            disposition = null;
        }
        if (Part.ATTACHMENT.equalsIgnoreCase(disposition)) {
            return true;
        }
        String name = safeFileName(part);
        return name != null && !type.startsWith("text/");
    }

    private static String fileName(Part part, String type) {
        String name = safeFileName(part);
        if (name != null && !name.isBlank()) {
            return name;
        }
        String sub = type.contains("/") ? type.substring(type.indexOf('/') + 1) : "bin";
        return "unnamed." + (sub.equals("rfc822") ? "eml" : sub.replaceAll("[^a-z0-9]", ""));
    }

    private static String safeFileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
            return null;
        }
    }

    private static long size(Part part) {
        try (InputStream in = part.getInputStream()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | MessagingException | RuntimeException e) {
            try {
                return Math.max(0, part.getSize());
            } catch (MessagingException e2) {
                return 0;
            }
        }
    }

    static String contentType(Part part) {
        try {
            String raw = part.getContentType();
            if (raw == null) {
                return "text/plain";
            }
            return new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "text/plain";
        }
    }

    /** Decodes a text part with its declared charset, or best-effort when that is missing or unknown. */
    static String decode(Part part) throws MessagingException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            try (InputStream raw = rawStream(part)) {
                bytes = raw == null ? new byte[0] : raw.readAllBytes();
            } catch (IOException e2) {
                bytes = new byte[0];
            }
        }
        Charset declared = declaredCharset(part);
        if (declared != null) {
            return new String(bytes, declared);
        }
        return bestEffort(bytes);
    }

    private static InputStream rawStream(Part part) throws MessagingException {
        if (part instanceof javax.mail.internet.MimePart mp && mp instanceof javax.mail.internet.MimeBodyPart bp) {
            return bp.getRawInputStream();
        }
        if (part instanceof javax.mail.internet.MimeMessage m) {
            return m.getRawInputStream();
        }
        return null;
    }

    private static Charset declaredCharset(Part part) {
        try {
            String raw = part.getContentType();
            if (raw == null) {
                return null;
            }
            String name = new ContentType(raw).getParameter("charset");
            if (name == null || name.isBlank()) {
                return null;
            }
            name = name.trim().replace("\"", "");
            if (name.equalsIgnoreCase("us-ascii") || name.equalsIgnoreCase("ascii")) {
                return null; // often a lie about 8-bit text: decode best-effort, which reads ASCII the same
            }
            return Charset.forName(MimeUtility.javaCharset(name));
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** UTF-8 when the bytes are valid UTF-8, else windows-1252. */
    public static String bestEffort(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, Charset.forName("windows-1252"));
        }
    }

}
