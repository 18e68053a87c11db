package org.ticketmail.assembly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

/** Builds a mail as a customer's or employee's client would, and sends it over SMTP. */
final class TestMails {
    private String from;
    private final List<String> to = new ArrayList<>();
    private final List<String> cc = new ArrayList<>();
    private final List<String> envelope = new ArrayList<>();
    private String subject = "";
    private String body = "Hello.";
    private String messageId = "<" + UUID.randomUUID() + "@client.test>";
    private final Map<String, String> headers = new LinkedHashMap<>();

    static TestMails mail() {
        return new TestMails();
    }

    private String localAddress;

    /** Connects from this local address (e.g. 127.0.0.2, a client outside a 127.0.0.1/32 trusted network). */
    TestMails fromClient(String address) {
        this.localAddress = address;
        return this;
    }

    TestMails from(String from) {
        this.from = from;
        return this;
    }

    TestMails to(String... addresses) {
        to.addAll(List.of(addresses));
        return this;
    }

    TestMails cc(String... addresses) {
        cc.addAll(List.of(addresses));
        return this;
    }

    /** Envelope recipients; by default the To and Cc addresses. A Bcc is an envelope recipient in no header. */
    TestMails envelope(String... addresses) {
        envelope.addAll(List.of(addresses));
        return this;
    }

    TestMails subject(String subject) {
        this.subject = subject;
        return this;
    }

    TestMails body(String body) {
        this.body = body;
        return this;
    }

    TestMails messageId(String messageId) {
        this.messageId = messageId;
        return this;
    }

    TestMails header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    String messageId() {
        return messageId;
    }

    MimeMessage build() throws MessagingException {
        Session session = Session.getInstance(new Properties());
        String id = messageId;
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        m.setFrom(new InternetAddress(from));
        if (!to.isEmpty()) {
            m.setRecipients(Message.RecipientType.TO, String.join(", ", to));
        }
        if (!cc.isEmpty()) {
            m.setRecipients(Message.RecipientType.CC, String.join(", ", cc));
        }
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        headers.forEach((k, v) -> {
            try {
                m.setHeader(k, v);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
        m.saveChanges();
        return m;
    }

    /** Sends to the SMTP server at 127.0.0.1:port after SMTP AUTH as {@code user}; returns the Message-ID. */
    String sendAs(String user, String password, int port) throws MessagingException {
        return send(port, user, password);
    }

    /** Sends to the SMTP server at 127.0.0.1:port; returns the Message-ID. */
    String sendTo(int port) throws MessagingException {
        return send(port, null, null);
    }

    private String send(int port, String user, String password) throws MessagingException {
        MimeMessage m = build();
        List<String> rcpt = envelope.isEmpty() ? all() : envelope;
        Address[] addresses = new Address[rcpt.size()];
        for (int i = 0; i < rcpt.size(); i++) {
            addresses[i] = new InternetAddress(rcpt.get(i));
        }
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        if (user != null) {
            p.put("mail.smtp.auth", "true");
        }
        if (localAddress != null) {
            p.put("mail.smtp.localaddress", localAddress);
        }
        Session session = Session.getInstance(p);
        try (Transport t = session.getTransport("smtp")) {
            if (user == null) {
                t.connect();
            } else {
                t.connect(user, password);
            }
            t.sendMessage(m, addresses);
        }
        return messageId;
    }

    /** Sends {@code raw} as it is (no header rewritten) to the SMTP server at 127.0.0.1:port. */
    static void sendRaw(byte[] raw, List<String> recipients, int port) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new java.io.ByteArrayInputStream(raw)) {
            @Override
            protected void updateHeaders() {
                // keep the bytes: a signature covers them
            }
        };
        Address[] addresses = new Address[recipients.size()];
        for (int i = 0; i < recipients.size(); i++) {
            addresses[i] = new InternetAddress(recipients.get(i));
        }
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        try (Transport t = Session.getInstance(p).getTransport("smtp")) {
            t.connect();
            t.sendMessage(m, addresses);
        }
    }

    private List<String> all() {
        List<String> all = new ArrayList<>(to);
        all.addAll(cc);
        return all;
    }
}
