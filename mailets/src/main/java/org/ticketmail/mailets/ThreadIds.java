package org.ticketmail.mailets;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Message-IDs of everything the gateway sends, signed so that a reply can be tied to its ticket by its
 * {@code In-Reply-To} or {@code References} without anyone being able to forge one: {@code
 * <tm.NUMBER.NONCE.SIGNATURE@support-domain>}, where the signature is an HMAC-SHA256 of the ticket number
 * and the nonce under the appliance's key ({@code data/threading.key}). A reference whose signature does not
 * verify ties the mail to nothing. Immutable; thread-safe.
 */
public final class ThreadIds {
    private static final String PREFIX = "tm.";
    private static final int NONCE_BYTES = 12;
    /** Hex characters of the signature kept: 128 bits. */
    private static final int SIGNATURE_HEX = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    public ThreadIds(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("a threading key needs at least 16 bytes");
        }
        this.key = key.clone();
    }

    /** With a key of its own, made now: Message-IDs it signs verify only in this process (tests and tools). */
    public static ThreadIds random() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new ThreadIds(key);
    }

    /** A new signed Message-ID, with angle brackets, for a mail of {@code ticketNumber} sent from {@code supportAddress}. */
    public String newId(String ticketNumber, String supportAddress) {
        byte[] nonceBytes = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonceBytes);
        String nonce = HexFormat.of().formatHex(nonceBytes);
        String domain = supportAddress.substring(supportAddress.indexOf('@') + 1);
        return "<" + PREFIX + ticketNumber + "." + nonce + "." + signature(ticketNumber, nonce) + "@" + domain + ">";
    }

    /**
     * The ticket a Message-ID names, when it is one of ours and its signature verifies (compared in constant
     * time); empty for any other id, a forged one, or one signed with another key.
     */
    public Optional<String> ticketOf(String messageId) {
        if (messageId == null) {
            return Optional.empty();
        }
        String id = messageId.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        int at = id.lastIndexOf('@');
        if (at < 0 || !id.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String local = id.substring(PREFIX.length(), at);
        int sigDot = local.lastIndexOf('.');
        int nonceDot = sigDot < 0 ? -1 : local.lastIndexOf('.', sigDot - 1);
        if (nonceDot <= 0) {
            return Optional.empty();
        }
        String number = local.substring(0, nonceDot);
        String nonce = local.substring(nonceDot + 1, sigDot).toLowerCase(Locale.ROOT);
        String signature = local.substring(sigDot + 1).toLowerCase(Locale.ROOT);
        if (nonce.length() != NONCE_BYTES * 2 || signature.length() != SIGNATURE_HEX) {
            return Optional.empty();
        }
        boolean valid = MessageDigest.isEqual(signature(number, nonce).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
        return valid ? Optional.of(number) : Optional.empty();
    }

    /** Whether the id has the shape of one the gateway sends, signed or not (an older, unsigned one included). */
    public static boolean looksLikeOurs(String messageId) {
        String id = messageId == null ? "" : messageId.strip();
        return id.regionMatches(true, 0, "<" + PREFIX, 0, PREFIX.length() + 1) || id.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    private String signature(String ticketNumber, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal(("thread|" + ticketNumber + "|" + nonce).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sig).substring(0, SIGNATURE_HEX);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
