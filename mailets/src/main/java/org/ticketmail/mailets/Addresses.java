package org.ticketmail.mailets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/**
 * Reading addresses from headers leniently: a malformed header yields what can be read, never an
 * exception. A group ({@code team: a@x, b@y;}) stands for its members.
 */
public final class Addresses {
    private Addresses() {
    }

    /** Lower-cased addresses in the header, in order, without duplicates. */
    static List<String> in(MimeMessage message, String header) {
        Set<String> out = new LinkedHashSet<>();
        for (InternetAddress a : parsed(message, header)) {
            if (a.getAddress() != null && a.getAddress().contains("@")) {
                out.add(a.getAddress().toLowerCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(out);
    }

    static List<InternetAddress> parsed(MimeMessage message, String header) {
        List<InternetAddress> out = new ArrayList<>();
        String[] values;
        try {
            values = message.getHeader(header);
        } catch (MessagingException e) {
            return out;
        }
        if (values == null) {
            return out;
        }
        for (String value : values) {
            try {
                for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
                    addExpanded(a, out);
                }
            } catch (AddressException e) {
                for (String piece : value.split("[,;]")) {
                    try {
                        out.add(new InternetAddress(piece.trim(), false));
                    } catch (AddressException ignored) {
                        // unreadable piece of a header: skipped
                    }
                }
            }
        }
        return out;
    }

    private static void addExpanded(InternetAddress a, List<InternetAddress> out) {
        if (!a.isGroup()) {
            out.add(a);
            return;
        }
        try {
            InternetAddress[] members = a.getGroup(false);
            if (members != null) {
                out.addAll(List.of(members));
            }
        } catch (AddressException e) {
            // a group whose member list cannot be read adds nobody
        }
    }

    /** The first From address, or the envelope sender. */
    static Optional<InternetAddress> from(MimeMessage message, org.apache.mailet.Mail mail) {
        List<InternetAddress> from = parsed(message, "From");
        for (InternetAddress a : from) {
            if (a.getAddress() != null && a.getAddress().contains("@")) {
                return Optional.of(a);
            }
        }
        if (mail.hasSender()) {
            try {
                return Optional.of(new InternetAddress(mail.getMaybeSender().get().asString()));
            } catch (AddressException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether James can deliver to the address (its MailAddress parser is strict: "a..b@x" and "jörg@x" are not). */
    static boolean deliverable(String address) {
        try {
            new org.apache.james.core.MailAddress(address);
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    /** {@code "name" <address>}, the name encoded as needed. */
    public static InternetAddress named(String address, String name) throws MessagingException {
        try {
            return new InternetAddress(address, name, "UTF-8");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is not supported", e);
        }
    }

    /** The lower-cased address of {@link #from}, or "" when there is none. */
    static String senderAddress(Optional<InternetAddress> from) {
        return from.map(a -> a.getAddress().toLowerCase(Locale.ROOT)).orElse("");
    }

    static String lower(Address a) {
        return a instanceof InternetAddress ia && ia.getAddress() != null ? ia.getAddress().toLowerCase(Locale.ROOT) : "";
    }

    /** Parses a parameter list of addresses ("a@x, b@y"), refusing bad ones with the mailet and parameter named. */
    static List<String> parameterList(String mailet, String parameter, String value) throws MessagingException {
        List<String> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            throw new MessagingException("mailetcontainer.xml: " + mailet + " needs " + parameter
                    + ", e.g. <" + parameter + ">support@helpdesk.example</" + parameter + ">");
        }
        for (String piece : value.split("[,;\\s]+")) {
            if (piece.isBlank()) {
                continue;
            }
            try {
                InternetAddress a = new InternetAddress(piece.trim(), true);
                out.add(a.getAddress().toLowerCase(Locale.ROOT));
            } catch (AddressException e) {
                throw new MessagingException("mailetcontainer.xml: " + mailet + " " + parameter + " '" + piece
                        + "' is not a mail address, e.g. support@helpdesk.example");
            }
        }
        return out;
    }
}
