package org.ticketmail.mailets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The rating request of seed 004's quality assurance, purely by mail: the closure alert carries a
 * {@code good} and a {@code bad} mailto link to the support address, whose subject holds the ticket tag
 * and a code signed with the appliance's key, so only the people the alert reached can rate the ticket.
 * Immutable; thread-safe.
 */
public final class RatingTokens {
    private static final Pattern SUBJECT = Pattern.compile("(?i)\\brating:?\\s*(good|bad)\\b.*?\\bcode\\s+([A-Za-z0-9_-]{16,64})");
    private final byte[] key;

    public RatingTokens(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a rating key needs at least 16 bytes");
        }
        this.key = key.clone();
    }

    /** A rating a subject asks to record. */
    public record Rating(String value, String code) {
    }

    /** The code for a ticket: 22 characters of an HMAC-SHA256 of its number. */
    public String code(String ticketNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal(("rating|" + ticketNumber).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig).substring(0, 22);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The subject of a rating reply: {@code Rating: good Ticket [2611-1000] code XXXX}. */
    public String subject(String rating, String tag, String ticketNumber) {
        return "Rating: " + rating + " " + tag + " code " + code(ticketNumber);
    }

    /** A mailto link to {@code support} with that subject. */
    public String mailto(String support, String rating, String tag, String ticketNumber) {
        return "mailto:" + support + "?subject=" + URLEncoder.encode(subject(rating, tag, ticketNumber), StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** The rating a subject asks for, when it carries one. */
    public static Optional<Rating> find(String subject) {
        Matcher m = SUBJECT.matcher(subject == null ? "" : subject);
        return m.find() ? Optional.of(new Rating(m.group(1).toLowerCase(Locale.ROOT), m.group(2))) : Optional.empty();
    }

    /** Whether {@code code} is the code of this ticket (compared in constant time). */
    public boolean valid(String ticketNumber, String code) {
        return MessageDigest.isEqual(code(ticketNumber).getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII));
    }
}
