package org.ticketmail.mailets;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

/** A message the gateway sends, whose Message-ID is chosen up front: a signed one ({@link ThreadIds}) that replies thread on. */
final class OutgoingMessage extends MimeMessage {
    /**
     * One session for every message the gateway composes: a new Session looks its providers up in every jar
     * of the class path, which cost the pipeline a tenth of its CPU (shared/notes/pipeline-profile.md). It
     * only carries empty properties; the messages are sent by James, not through it.
     */
    private static final Session SESSION = Session.getInstance(new java.util.Properties());

    private final String messageId;

    OutgoingMessage(MimeMessage source, String messageId) throws MessagingException {
        super(source);
        this.messageId = messageId;
    }

    OutgoingMessage(String messageId) {
        super(SESSION);
        this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId);
    }

    String id() {
        return messageId;
    }
}
