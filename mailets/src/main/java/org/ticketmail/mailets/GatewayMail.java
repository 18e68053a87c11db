package org.ticketmail.mailets;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMultipart;

import org.ticketmail.store.Ticket;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.Employee;

/**
 * Mail the gateway writes itself (answers, alerts): from the support name and address, Reply-To the
 * support address, the ticket tag in the subject, marked {@code Auto-Submitted: auto-replied} so that
 * auto-responders stay quiet, and multipart/alternative when the template has an HTML part.
 */
public final class GatewayMail {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private GatewayMail() {
    }

    /** The macro values of a ticket for a mail to {@code recipientName}; {@code extra} adds or overrides. */
    public static Map<String, String> values(Gateway gateway, Directory directory, Ticket ticket, MailTemplate template,
                                      Supplier<String> mainText, String recipientName, Map<String, String> extra) {
        Map<String, String> v = new HashMap<>();
        v.put("incident_id", ticket.number());
        v.put("tag", gateway.tag().format(ticket.number()));
        v.put("incident_title", ticket.subject());
        v.put("status", ticket.status().jsonName());
        v.put("resolution", nullToEmpty(ticket.resolution()));
        v.put("epilog", nullToEmpty(ticket.epilogue()));
        v.put("priority", ticket.priority());
        v.put("owner", directory.employee(ticket.managerId()).map(Employee::name).orElse(""));
        v.put("author", ticket.contactAddress() == null ? "" : directory.account(ticket.accountId())
                .flatMap(a -> a.contact(ticket.contactAddress())).map(c -> c.name()).filter(n -> n != null && !n.isBlank())
                .map(n -> n + " <" + ticket.contactAddress() + ">").orElse(ticket.contactAddress()));
        v.put("fullname", recipientName);
        v.put("creation_timestamp", stamp(ticket.createdAt()));
        v.put("update_timestamp", stamp(ticket.updatedAt()));
        v.put("time_used", duration(ticket.timeUsedMinutes()));
        // Reading the opening text costs a query: only for a template that shows it.
        v.put("incident_main_text", template.uses("incident_main_text") ? mainText.get() : "");
        v.put("sitename", gateway.supportName());
        v.put("support_address", gateway.supportAddress());
        v.putAll(extra);
        return v;
    }

    /** Composes the mail; its Message-ID is ready for the ticket's Message-ID map. */
    public static OutgoingMessage compose(Gateway gateway, String number, InternetAddress to, MailTemplate.Rendered r, String inReplyTo)
            throws MessagingException {
        String subject = r.subject();
        if (gateway.tag().find(subject).isEmpty()) {
            subject = gateway.tag().tagged(subject, number);
        }
        OutgoingMessage m = new OutgoingMessage(gateway.newMessageId(number));
        fill(m, gateway, to, subject, r, inReplyTo);
        m.setHeader("X-Ticketmail-Ticket", number);
        m.saveChanges();
        return m;
    }

    /** Composes a mail about no ticket (a refused one, a notice), under {@code messageId}. */
    static OutgoingMessage composeUntagged(Gateway gateway, String messageId, InternetAddress to, MailTemplate.Rendered r, String inReplyTo)
            throws MessagingException {
        OutgoingMessage m = new OutgoingMessage(messageId);
        fill(m, gateway, to, r.subject(), r, inReplyTo);
        m.saveChanges();
        return m;
    }

    private static void fill(OutgoingMessage m, Gateway gateway, InternetAddress to, String subject, MailTemplate.Rendered r,
                             String inReplyTo) throws MessagingException {
        String support = gateway.supportAddress();
        m.setFrom(Addresses.named(support, gateway.supportName()));
        m.setReplyTo(new Address[] {new InternetAddress(support)});
        m.setRecipient(javax.mail.Message.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        if (r.html() == null) {
            m.setText(r.text(), "UTF-8");
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(r.text(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(r.html(), "UTF-8", "html");
            m.setContent(new MimeMultipart("alternative", text, html));
        }
        m.setHeader("Auto-Submitted", "auto-replied");
        m.setHeader("X-Loop", support);
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
            m.setHeader("References", inReplyTo);
        }
    }

    /** 75 → 1h15m; 30 → 30m; 0 → 0m. */
    public static String duration(int minutes) {
        if (minutes < 60) {
            return minutes + "m";
        }
        return minutes / 60 + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
    }

    private static String stamp(Instant at) {
        return at == null ? "" : STAMP.format(at.atZone(ZoneId.systemDefault()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
