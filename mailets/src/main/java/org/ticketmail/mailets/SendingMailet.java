package org.ticketmail.mailets;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.ProcessingState;

/**
 * What the mailets that send mail share: the {@code relayProcessor} parameter (default relay), which they
 * declare as their required processing state so the container checks it exists, and the {@code templates}
 * directory their mails are written from ({@link MailTemplate}; an absent file uses the built-in text).
 */
abstract class SendingMailet extends TicketMailet {
    private String relayProcessor = "relay";
    private Path templates;

    /** Reads {@code relayProcessor} and {@code templates}; call from init(). */
    protected final void readSendingParameters() {
        relayProcessor = getInitParameter("relayProcessor", "relay");
        String dir = getInitParameter("templates");
        templates = dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /** The template {@code name}, checked now so a bad one stops the start. */
    protected final MailTemplate template(String name, String builtIn) throws MessagingException {
        try {
            return MailTemplate.load(templates, name, builtIn);
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage());
        }
    }

    protected final String relayProcessor() {
        return relayProcessor;
    }

    @Override
    public Collection<ProcessingState> requiredProcessingState() {
        return List.of(new ProcessingState(relayProcessor));
    }
}
