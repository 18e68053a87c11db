package org.ticketmail.mailets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.internet.MimeMessage;

/**
 * A delivery status notification (RFC 3464: {@code multipart/report; report-type=delivery-status}) as far as the
 * gateway needs it: each recipient's final address, action and status, and the Message-ID of the mail that could
 * not be delivered (from the returned message or its headers). Reading never throws: a report it cannot read is
 * none. Reads at most {@value #MAX_PART} bytes of a part and {@value #MAX_PARTS} parts.
 */
record DeliveryReport(List<Failure> recipients, Optional<String> returnedMessageId) {
    static final int MAX_PART = 64 * 1024;
    static final int MAX_PARTS = 16;

    /** One per-recipient block. */
    record Failure(String address, String action, String status, String diagnostic) {
        /** {@code Action: failed} with a 5.x.x status: this mail will not be delivered. */
        boolean permanent() {
            return "failed".equals(action) && status.startsWith("5.");
        }

        /**
         * A permanent failure that says the address itself takes no mail (RFC 3463): a bad destination mailbox or system
         * ({@code 5.1.x}, but for 5.1.7 and 5.1.8, which are about the sender), a disabled mailbox ({@code 5.2.1}), a
         * domain that cannot be routed to ({@code 5.4.4}). A refusal of this one mail (too large, policy, content, a
         * generic {@code 5.0.0}) says nothing of the next one and marks nothing.
         */
        boolean addressGone() {
            if (!permanent()) {
                return false;
            }
            return status.startsWith("5.1.") && !status.equals("5.1.7") && !status.equals("5.1.8")
                    || status.equals("5.2.1") || status.equals("5.4.4");
        }
    }

    /** The recipients whose delivery failed permanently. */
    List<Failure> permanentFailures() {
        return recipients.stream().filter(Failure::permanent).toList();
    }

    /** The report the message is, when it is one. */
    static Optional<DeliveryReport> of(MimeMessage message) {
        try {
            String type = message.getContentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/report")) {
                return Optional.empty();
            }
            Object content = message.getContent();
            if (!(content instanceof Multipart multipart)) {
                return Optional.empty();
            }
            List<Failure> failures = new ArrayList<>();
            String returnedId = null;
            boolean status = false;
            for (int i = 0; i < Math.min(multipart.getCount(), MAX_PARTS); i++) {
                BodyPart part = multipart.getBodyPart(i);
                String partType = part.getContentType() == null ? "" : part.getContentType().toLowerCase(Locale.ROOT);
                if (partType.startsWith("message/delivery-status") || partType.startsWith("message/global-delivery-status")) {
                    status = true;
                    failures.addAll(recipients(read(part)));
                } else if (partType.startsWith("message/rfc822") || partType.startsWith("text/rfc822-headers")
                        || partType.startsWith("message/global-headers") || partType.startsWith("message/global")) {
                    Map<String, String> headers = fields(head(read(part))).stream().findFirst().orElse(Map.of());
                    returnedId = returnedId != null ? returnedId : headers.get("message-id");
                }
            }
            return status ? Optional.of(new DeliveryReport(List.copyOf(failures), Optional.ofNullable(returnedId).map(String::strip)))
                    : Optional.empty();
        } catch (MessagingException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String read(BodyPart part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readNBytes(MAX_PART), StandardCharsets.ISO_8859_1);
        }
    }

    /** The header of a message: up to its first empty line. */
    private static String head(String message) {
        String text = message.replace("\r\n", "\n");
        int end = text.indexOf("\n\n");
        return end < 0 ? text : text.substring(0, end);
    }

    /** The per-recipient blocks of a delivery-status part: those that name a Final-Recipient. */
    static List<Failure> recipients(String deliveryStatus) {
        List<Failure> out = new ArrayList<>();
        for (Map<String, String> block : fields(deliveryStatus)) {
            String finalRecipient = block.get("final-recipient");
            if (finalRecipient == null) {
                continue;
            }
            String address = finalRecipient.substring(finalRecipient.indexOf(';') + 1).strip();
            if (address.startsWith("<") && address.endsWith(">")) {
                address = address.substring(1, address.length() - 1);
            }
            String status = block.getOrDefault("status", "").strip();
            int space = status.indexOf(' ');
            out.add(new Failure(address.toLowerCase(Locale.ROOT), block.getOrDefault("action", "").strip().toLowerCase(Locale.ROOT),
                    space < 0 ? status : status.substring(0, space), block.get("diagnostic-code")));
        }
        return out;
    }

    /**
     * The blocks of header-like fields, separated by empty lines, names lower-cased, folded lines joined. A report
     * without the empty line after its per-message block (some servers send one) still has its recipients read: a new
     * Final-Recipient starts a new block.
     */
    static List<Map<String, String>> fields(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String last = null;
        for (String line : text.replace("\r\n", "\n").split("\n")) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    blocks.add(current);
                    current = new LinkedHashMap<>();
                }
                last = null;
            } else if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                current.put(last, current.get(last) + " " + line.strip());
            } else {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                if (name.equals("final-recipient") && current.containsKey("final-recipient")) {
                    blocks.add(current);
                    current = new LinkedHashMap<>();
                }
                if (current.containsKey(name) && !name.equals("final-recipient")) {
                    last = null; // a repeated field: keep the first
                    continue;
                }
                current.put(name, line.substring(colon + 1).strip());
                last = name;
            }
        }
        if (!current.isEmpty()) {
            blocks.add(current);
        }
        return blocks;
    }
}
