package org.ticketmail.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/** Reading a message leniently, for the pipeline steps: a malformed header yields nothing, not an exception. */
public final class MailHeaders {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    private MailHeaders() {
    }

    /** The decoded subject, or "" when there is none or it cannot be read. */
    static String subject(MimeMessage message) {
        try {
            String s = message.getSubject();
            return s == null ? "" : s;
        } catch (MessagingException e) {
            return "";
        }
    }

    /** The Message-ID, or "-" for log lines. */
    static String messageIdForLog(MimeMessage message) {
        try {
            String id = message.getMessageID();
            return id == null ? "-" : id;
        } catch (MessagingException e) {
            return "-";
        }
    }

    /** Message-IDs from In-Reply-To first, then References newest first, without repeats. */
    static List<String> threadIds(MimeMessage message) {
        List<String> ids = new ArrayList<>();
        for (String header : new String[] {"In-Reply-To", "References"}) {
            String value;
            try {
                value = message.getHeader(header, " ");
            } catch (MessagingException e) {
                continue;
            }
            if (value == null) {
                continue;
            }
            if (value.contains("=?")) {
                // Python's email package writes a Message-ID too long for one line as RFC 2047 encoded-words.
                try {
                    value = javax.mail.internet.MimeUtility.decodeText(javax.mail.internet.MimeUtility.unfold(value));
                } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
                    // left as it came: the ids it shows plainly still count
                }
            }
            List<String> found = new ArrayList<>();
            Matcher m = MESSAGE_ID.matcher(value);
            while (m.find()) {
                found.add(m.group());
            }
            Collections.reverse(found);
            for (String id : found) {
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /**
     * The whole message as bytes, to keep it. A message whose headers a mailet changed is written by JavaMail after
     * deriving its MIME headers again, which parses every part and fails on one it cannot read (a Content-Type
     * parameter list with a stray byte); such a message is kept as its headers are now and its body as received.
     */
    public static byte[] bytes(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("cannot read the message to keep it: " + e.getMessage(), e);
        } catch (MessagingException | RuntimeException e) {
            return asReceived(message, e);
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static byte[] asReceived(MimeMessage message, Exception writeFailure) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream body = message.getRawInputStream()) {
            for (Enumeration<String> lines = message.getAllHeaderLines(); lines.hasMoreElements(); ) {
                String line = lines.nextElement();
                // JavaMail reads header bytes one char each unless mail.mime.allowutf8; write them back the same way.
                out.write(line.chars().allMatch(c -> c <= 0xFF) ? line.getBytes(StandardCharsets.ISO_8859_1)
                        : line.getBytes(StandardCharsets.UTF_8));
                out.write(CRLF);
            }
            out.write(CRLF);
            if (body != null) {
                body.transferTo(out);
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            MessagingException failure = new MessagingException("cannot read the message to keep it: " + writeFailure.getMessage()
                    + "; nor its headers and body as received: " + e.getMessage(), e);
            failure.addSuppressed(writeFailure);
            throw failure;
        }
        return out.toByteArray();
    }
}
