package org.ticketmail.matchers;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches mail that must not become ticket traffic, so the gateway never answers a machine (pipeline
 * step 1): RFC 3834 {@code Auto-Submitted} other than {@code no}; {@code Precedence: bulk, junk or
 * list}; {@code X-Autoreply}/{@code X-Autorespond}; delivery reports ({@code multipart/report}); a null
 * envelope sender (bounces); a mailer-daemon or postmaster sender; and our own {@code X-Loop} value,
 * given as the condition ({@code IsAutoReply=support@helpdesk.example}). A held mail an admin released
 * ({@code ticketmail.released}) is never matched: the admin has looked at it.
 */
public class IsAutoReply extends GenericMatcher {
    private String loopValue;

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        loopValue = condition == null ? null : condition.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        return reason(mail) == null ? List.of() : mail.getRecipients();
    }

    /** Why the mail is automatic, or null when it is not. */
    public String reason(Mail mail) throws MessagingException {
        if (org.ticketmail.mailets.TicketAttributes.flag(mail, org.ticketmail.mailets.TicketAttributes.RELEASED)) {
            return null;
        }
        MimeMessage m = mail.getMessage();
        String autoSubmitted = m.getHeader("Auto-Submitted", ",");
        if (autoSubmitted != null && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
            return "Auto-Submitted: " + autoSubmitted.trim();
        }
        String precedence = m.getHeader("Precedence", ",");
        if (precedence != null && List.of("bulk", "junk", "list").contains(precedence.trim().toLowerCase(Locale.ROOT))) {
            return "Precedence: " + precedence.trim();
        }
        if (m.getHeader("X-Autoreply") != null || m.getHeader("X-Autorespond") != null) {
            return "X-Autoreply";
        }
        String type = m.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/report")) {
            return "delivery report";
        }
        if (!mail.hasSender()) {
            return "null sender";
        }
        String local = mail.getMaybeSender().get().getLocalPart().toLowerCase(Locale.ROOT);
        if (local.equals("mailer-daemon") || local.equals("postmaster")) {
            return "sender " + local;
        }
        String[] loops = m.getHeader("X-Loop");
        if (loopValue != null && loops != null) {
            for (String loop : loops) {
                if (loop.trim().toLowerCase(Locale.ROOT).equals(loopValue)) {
                    return "X-Loop: " + loop.trim();
                }
            }
        }
        return null;
    }
}
