package org.ticketmail.assembly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The world outside the appliance: GreenMail as the relay, holding every recipient's mailbox.
 *
 * <p>Counting what arrived needs a positive signal that nothing more is on its way: {@link #awaitExactly}
 * waits for the expected mails, then sends a marker mail through the appliance's outgoing queue and waits
 * for it, and only then compares the count. A copy the appliance queued for the mail under test was queued
 * before the marker, so a stray extra copy shows up in the count instead of arriving after the check.
 */
final class Outside implements AutoCloseable {
    private static final String MARKER_DOMAIN = "marker.outside.test";
    private final GreenMail greenMail;

    Outside() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    void purge() throws FolderException {
        greenMail.purgeEmailFromAllMailboxes();
    }

    /** Waits until {@code count} messages in all arrived (one per envelope recipient); fails after 20 s. */
    void await(int count) {
        // GreenMail's own waitForIncomingEmail counts from its start, not from the last purge.
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> delivered() >= count);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("expected " + count + " delivered messages, got " + delivered()
                    + ": " + describe());
        }
    }

    /** Waits until {@code count} messages arrived or {@code seconds} passed; returns whether they all arrived. */
    boolean awaitQuietly(int count, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (greenMail.getReceivedMessages().length < count) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Delivered messages (one per envelope recipient), markers not counted. */
    int delivered() {
        return (int) java.util.Arrays.stream(greenMail.getReceivedMessages()).filter(m -> !isMarker(m)).count();
    }

    /**
     * Waits for {@code count} messages, then for a marker sent after them through the appliance at
     * {@code smtpPort}, then asserts that exactly {@code count} arrived.
     */
    void awaitExactly(int count, int smtpPort) {
        await(count);
        flush(smtpPort);
        if (delivered() != count) {
            throw new AssertionError("expected exactly " + count + " delivered messages, got " + delivered() + ": " + describe());
        }
    }

    /** Sends a marker through the appliance at {@code smtpPort} and waits for it: what was handed on before it has arrived. */
    void flush(int smtpPort) {
        String marker = "m" + java.util.UUID.randomUUID().toString().replace("-", "") + "@" + MARKER_DOMAIN;
        try {
            TestMails.mail().from("marker@" + MARKER_DOMAIN).to(marker).subject("marker").sendTo(smtpPort);
        } catch (MessagingException e) {
            throw new AssertionError("cannot send the marker mail: " + e.getMessage(), e);
        }
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> !inbox(marker).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the marker mail did not arrive: " + describe());
        }
    }

    private static boolean isMarker(MimeMessage m) {
        try {
            return m.getFrom() != null && ((InternetAddress) m.getFrom()[0]).getAddress().endsWith("@" + MARKER_DOMAIN);
        } catch (MessagingException e) {
            return false;
        }
    }

    /** The messages in one address's mailbox. */
    List<MimeMessage> inbox(String address) throws MessagingException {
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(address);
        List<MimeMessage> out = new ArrayList<>();
        if (user == null) {
            return out;
        }
        try {
            MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
            // GreenMail hands out a view of the list it appends to: read it again when a delivery lands meanwhile.
            for (int attempt = 1; ; attempt++) {
                try {
                    out.clear();
                    for (StoredMessage m : inbox.getMessages()) {
                        out.add(m.getMimeMessage());
                    }
                    return out;
                } catch (java.util.ConcurrentModificationException e) {
                    if (attempt == 20) {
                        throw e;
                    }
                }
            }
        } catch (FolderException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    /** The one message in this mailbox. */
    MimeMessage only(String address) throws MessagingException {
        List<MimeMessage> messages = inbox(address);
        if (messages.size() != 1) {
            throw new AssertionError(address + " has " + messages.size() + " messages, expected 1: " + describe());
        }
        return messages.get(0);
    }

    String describe() {
        StringBuilder s = new StringBuilder();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (isMarker(m)) {
                continue;
            }
            try {
                s.append("\n  [").append(m.getSubject()).append("] from ").append(addresses(m.getFrom())).append(" to ")
                        .append(addresses(m.getRecipients(MimeMessage.RecipientType.TO)));
            } catch (MessagingException e) {
                s.append("\n  (unreadable)");
            }
        }
        return s.toString();
    }

    static List<String> addresses(Address[] addresses) {
        if (addresses == null) {
            return List.of();
        }
        return Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
    }

    /** The header as it arrived, unfolded, or null. */
    static String header(MimeMessage m, String name) throws MessagingException {
        String value = m.getHeader(name, ", ");
        return value == null ? null : javax.mail.internet.MimeUtility.unfold(value);
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
