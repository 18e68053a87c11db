package org.ticketmail.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.ticketmail.store.mapper.TicketMapper;

/**
 * Which ticket a Message-ID belongs to: those of mail the gateway recorded and of mail it sent, so a
 * reply that names one in {@code In-Reply-To} or {@code References} finds its ticket. The first ticket
 * to map an id keeps it. Thread-safe.
 */
public final class MessageIds {
    private static final int MAX_KEY = 250;

    private final Transactions tx;
    private final Clock clock;

    public MessageIds(Database database, Clock clock) {
        this.tx = new Transactions(database);
        this.clock = clock;
    }

    /** The ticket a Message-ID (ours or a recorded one) belongs to. */
    public Optional<String> ticketFor(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return Optional.empty();
        }
        return tx.read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).ticketForMessageKey(key(messageId))));
    }

    /** Remembers that these Message-IDs (of mail we sent) belong to a ticket, so replies find it. */
    public void map(String ticketNumber, List<String> messageIds) {
        tx.write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            Instant now = clock.instant();
            messageIds.forEach(id -> mapIfAbsent(m, ticketNumber, id, now));
            return null;
        });
    }

    /** Maps a Message-ID to the ticket unless it already leads to one, inside the caller's transaction. */
    static void mapIfAbsent(TicketMapper m, String ticketNumber, String messageId, Instant now) {
        String key = key(messageId);
        if (m.ticketForMessageKey(key) == null) {
            m.insertMessageId(key, ticketNumber, now);
        }
    }

    /** The key a Message-ID is stored under: itself when short, else a digest of it. */
    static String key(String messageId) {
        String trimmed = messageId.trim();
        if (trimmed.length() <= MAX_KEY) {
            return trimmed;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(trimmed.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
