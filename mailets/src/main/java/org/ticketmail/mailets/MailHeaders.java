package org.ticketmail.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/** Reading a message leniently, for the pipeline steps: a malformed header yields nothing, not an exception. */
final class MailHeaders {
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

    /** The whole message as bytes, to keep it. */
    static byte[] bytes(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot read the message to keep it: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
