package org.ticketmail.mailets;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;

/**
 * One INFO line per mail (issue 11): each step notes its decision on the mail ({@link #decide}) and what it
 * sent ({@link #sent}) and logs its details at DEBUG; the step where the mail ends writes the line, with the
 * Message-ID, the ticket, the sender kind, the decisions, how many recipients the mail's copies and alerts went
 * to, and the milliseconds since SMTP accepted it. No body, token or key is ever in it.
 *
 * <pre>message-id=&lt;a1@acme.test&gt; ticket=2611-1000 sender=customer decision=new-ticket,distributed,acknowledged recipients=4 ms=87</pre>
 */
final class MailLog {
    static final AttributeName DECISIONS = AttributeName.of("ticketmail.decisions");
    static final AttributeName SENT_TO = AttributeName.of("ticketmail.sentTo");

    private MailLog() {
    }

    /** Notes a decision (a short word: {@code new-ticket}, {@code internal}, {@code distributed}), once. */
    static void decide(Mail mail, String decision) {
        String now = AttributeUtils.getValueAndCastFromMail(mail, DECISIONS, String.class).orElse("");
        if (("," + now + ",").contains("," + decision + ",")) {
            return;
        }
        mail.setAttribute(new Attribute(DECISIONS, AttributeValue.of(now.isEmpty() ? decision : now + "," + decision)));
    }

    /** Counts the recipients of a copy or alert the mail made. */
    static void sent(Mail mail, int recipients) {
        long before = AttributeUtils.getValueAndCastFromMail(mail, SENT_TO, Long.class).orElse(0L);
        mail.setAttribute(new Attribute(SENT_TO, AttributeValue.of(before + recipients)));
    }

    /** Milliseconds since SMTP accepted the mail, when the first step noted it ({@link TicketMailet#ACCEPTED}). */
    static Optional<Long> sinceAccepted(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, TicketMailet.ACCEPTED, Long.class).map(a -> Math.max(0, System.currentTimeMillis() - a));
    }

    /** Writes the mail's line; {@code end} is the last decision (e.g. {@code held}), {@code details} what follows it. */
    static void end(Logger logger, Mail mail, String messageId, String end, String details) {
        decide(mail, end);
        String ticket = TicketAttributes.string(mail, TicketAttributes.TICKET).orElse("-");
        String sender = TicketAttributes.string(mail, TicketAttributes.SENDER_KIND).orElse("-");
        String decisions = AttributeUtils.getValueAndCastFromMail(mail, DECISIONS, String.class).orElse(end);
        long recipients = AttributeUtils.getValueAndCastFromMail(mail, SENT_TO, Long.class).orElse(0L);
        long ms = sinceAccepted(mail).orElse(0L);
        if (details == null || details.isEmpty()) {
            logger.info("message-id={} ticket={} sender={} decision={} recipients={} ms={}", messageId, ticket, sender, decisions, recipients, ms);
        } else {
            logger.info("message-id={} ticket={} sender={} decision={} recipients={} ms={} {}", messageId, ticket, sender, decisions,
                    recipients, ms, details);
        }
    }
}
