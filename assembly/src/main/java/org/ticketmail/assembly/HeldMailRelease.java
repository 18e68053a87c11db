package org.ticketmail.assembly;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.server.core.MailImpl;
import org.apache.james.utils.GuiceProbe;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.mailets.Gateway;
import org.ticketmail.mailets.TicketAttributes;
import org.ticketmail.store.HeldMail;
import org.ticketmail.store.HeldMails;

/**
 * Releases a held mail into the ticket pipeline again ({@code ticketmail release ID}, {@code POST
 * /api/held/{id}/release}): the message as it was received, from its envelope sender to the support addresses
 * among its recipients, marked {@code ticketmail.released} so the guard that held an automatic mail lets it pass
 * and no client address or login counts as verifying an employee. A mail that was for no support address is
 * not released (that would relay it to the outside). The held entry stays, marked released; a mail is released
 * once.
 *
 * <p>The mail is handed to James' spool before the entry is marked: killed between the two, the mail is processed
 * and the entry is unmarked (a second release then meets a repeat and is held as one), never marked and lost.
 */
public final class HeldMailRelease implements GuiceProbe {
    private static final Logger LOGGER = LoggerFactory.getLogger(HeldMailRelease.class);
    private static final Session SESSION = Session.getInstance(new Properties());

    private final HeldMails held;
    private final MailetContext context;
    private final Gateway gateway;

    private final org.ticketmail.mailets.PipelineMetrics metrics;

    @Inject
    public HeldMailRelease(HeldMails held, MailetContext context, Gateway gateway, org.ticketmail.mailets.PipelineMetrics metrics) {
        this.metrics = metrics;
        this.held = held;
        this.context = context;
        this.gateway = gateway;
    }

    /** What a release did: an HTTP status for the status server, and the sentence an admin reads. */
    record Result(int status, String message, List<String> recipients) {
    }

    synchronized Result release(long id) {
        Optional<HeldMail> found = held.find(id);
        Optional<byte[]> message = found.isEmpty() ? Optional.empty() : held.message(id);
        if (found.isEmpty() || message.isEmpty()) {
            return new Result(404, "no held mail " + id, List.of());
        }
        HeldMail mail = found.get();
        if (mail.releasedAt() != null) {
            return new Result(409, "held mail " + id + " was released at " + mail.releasedAt() + "; it is released once", List.of());
        }
        List<MailAddress> recipients = supportRecipients(mail.recipients());
        if (recipients.isEmpty()) {
            return new Result(409, "held mail " + id + " was for " + mail.recipients() + ", not for the support address; releasing"
                    + " it would relay it. Download it (/api/held/" + id + "/message) and forward it if it must go on", List.of());
        }
        try {
            MimeMessage mime = new MimeMessage(SESSION, new ByteArrayInputStream(message.get()));
            MailImpl released = MailImpl.builder()
                    .name("released-" + id + "-" + UUID.randomUUID())
                    .sender(sender(mail.sender()))
                    .addRecipients(recipients)
                    .mimeMessage(mime)
                    .addAttribute(new Attribute(TicketAttributes.RELEASED.name(), AttributeValue.of(id)))
                    .build();
            context.sendMail(released, "ticket");
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("held={} release failed: {}", id, e.toString());
            return new Result(500, "held mail " + id + " could not be released: " + e.getMessage(), List.of());
        }
        held.markReleased(id);
        if (org.ticketmail.mailets.HeldReasons.kind(mail.reason()).equals("spam")) {
            metrics.spam("released");
        }
        List<String> to = recipients.stream().map(MailAddress::asString).toList();
        LOGGER.info("held={} message-id={} released into the ticket pipeline for {}", id, mail.messageId(), to);
        return new Result(200, "held mail " + id + " released into the ticket pipeline for " + String.join(", ", to), to);
    }

    private List<MailAddress> supportRecipients(String recipients) {
        List<MailAddress> out = new ArrayList<>();
        for (String r : recipients == null ? new String[0] : recipients.split(",")) {
            if (gateway.isSupportAddress(r.trim())) {
                try {
                    out.add(new MailAddress(r.trim()));
                } catch (AddressException e) {
                    // not an address James takes: not a support address either
                }
            }
        }
        return out;
    }

    private static MaybeSender sender(String sender) {
        if (sender == null || sender.isBlank() || sender.equals("<>")) {
            return MaybeSender.nullSender();
        }
        try {
            return MaybeSender.of(new MailAddress(sender.trim()));
        } catch (AddressException e) {
            return MaybeSender.nullSender();
        }
    }
}
