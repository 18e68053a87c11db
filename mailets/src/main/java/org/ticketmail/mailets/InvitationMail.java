package org.ticketmail.mailets;

import javax.activation.DataHandler;
import javax.mail.Address;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

/**
 * An iMIP message (RFC 6047): the invitation or cancellation of a scheduled ticket for a technician whose
 * calendar is reached by mail. multipart/alternative with a plain-text summary and the iCalendar object as
 * {@code text/calendar; method=REQUEST|CANCEL}, which Outlook/Exchange, Apple Calendar, Thunderbird and
 * Gmail show as an invitation with accept and decline buttons. From the support address, so the
 * technician's answer (an iMIP REPLY) comes back to the gateway; the ticket tag in the subject leads it to
 * its ticket.
 */
public final class InvitationMail {
    private InvitationMail() {
    }

    /**
     * @param method REQUEST or CANCEL, as in the iCalendar text
     * @param summary what the plain-text part says
     */
    public static MimeMessage compose(Gateway gateway, String ticketNumber, InternetAddress to, String subject, String summary,
                                      String method, String icalendar) throws MessagingException {
        String support = gateway.supportAddress();
        OutgoingMessage m = new OutgoingMessage(gateway.newMessageId(ticketNumber));
        m.setFrom(Addresses.named(support, gateway.supportName()));
        m.setReplyTo(new Address[] {new InternetAddress(support)});
        m.setRecipient(javax.mail.Message.RecipientType.TO, to);
        m.setSubject(gateway.tag().find(subject).isPresent() ? subject : gateway.tag().tagged(subject, ticketNumber), "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(summary, "UTF-8");
        MimeBodyPart calendar = new MimeBodyPart();
        String type = "text/calendar; method=" + method + "; charset=UTF-8";
        calendar.setDataHandler(new DataHandler(new ByteArrayDataSource(icalendar.getBytes(java.nio.charset.StandardCharsets.UTF_8), type)));
        calendar.setHeader("Content-Type", type);
        calendar.setHeader("Content-Transfer-Encoding", "quoted-printable");
        m.setContent(new MimeMultipart("alternative", text, calendar));
        m.setHeader("X-Ticketmail-Ticket", ticketNumber);
        m.setHeader("X-Loop", support);
        m.saveChanges();
        return m;
    }

    /** The Message-ID the composed message carries, for the ticket's Message-ID map. */
    public static String messageId(MimeMessage message) throws MessagingException {
        return message.getMessageID();
    }
}
