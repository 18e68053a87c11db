package org.ticketmail.mailets;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import javax.mail.MessagingException;

import org.apache.mailet.base.GenericMailet;

/**
 * What our mailets share: strict reading of init parameters, so a typo in mailetcontainer.xml stops
 * start-up with a line naming the mailet, the parameter and the allowed names; the step's time in the
 * metrics ({@link PipelineMetrics}); and a mail whose parts are nested so deeply that handling it overflows
 * the stack fails as a {@link MessagingException} (held with that reason), not as an Error that would end
 * the spool thread and leave the mail in limbo.
 */
abstract class TicketMailet extends GenericMailet {
    /** Set on a mail by the first of our steps that sees it: when SMTP accepted it, in epoch milliseconds. */
    static final org.apache.mailet.AttributeName ACCEPTED = org.apache.mailet.AttributeName.of("ticketmail.acceptedAt");

    private PipelineMetrics metrics;

    /** Where the step's time and the mails' outcomes are counted; none when not set (tests of one step). */
    @javax.inject.Inject
    public void setMetrics(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    protected final java.util.Optional<PipelineMetrics> metrics() {
        return java.util.Optional.ofNullable(metrics);
    }

    private org.ticketmail.store.ConfigFiles configFiles;

    /** Where the configuration files that reload are listed for the status page; none when not set (tests of one step). */
    @javax.inject.Inject
    public void setConfigFiles(org.ticketmail.store.ConfigFiles configFiles) {
        this.configFiles = configFiles;
    }

    /**
     * A configuration file that is read again when it changes ({@link org.ticketmail.store.ReloadingFile}); a broken
     * first version stops the start with the loader's message.
     */
    protected final <T> java.util.function.Supplier<T> reloading(String name, java.util.List<java.nio.file.Path> files,
                                                                  org.ticketmail.store.ReloadingFile.Loader<T> loader) throws MessagingException {
        try {
            org.ticketmail.store.ReloadingFile<T> file = new org.ticketmail.store.ReloadingFile<>(name, files, loader,
                    java.time.Clock.systemUTC(), 1000);
            return configFiles == null ? file : configFiles.add(file);
        } catch (RuntimeException e) {
            throw new MessagingException(e.getMessage());
        }
    }

    @Override
    public final void service(org.apache.mailet.Mail mail) throws MessagingException {
        long start = System.nanoTime();
        if (mail.getAttribute(ACCEPTED).isEmpty()) {
            java.util.Date accepted = mail.getLastUpdated();
            mail.setAttribute(new org.apache.mailet.Attribute(ACCEPTED, org.apache.mailet.AttributeValue.of(
                    accepted == null ? System.currentTimeMillis() : accepted.getTime())));
            if (metrics != null) {
                metrics.count(PipelineMetrics.Outcome.RECEIVED);
            }
        }
        try {
            serve(mail);
        } catch (StackOverflowError e) {
            throw new MessagingException(step() + ": the mail's MIME parts are nested too deeply to handle");
        } finally {
            if (metrics != null) {
                metrics.stepTook(step(), System.nanoTime() - start);
            }
        }
    }

    /** The step's work on one mail. */
    protected abstract void serve(org.apache.mailet.Mail mail) throws MessagingException;
    /** Parameters James itself reads on every mailet. */
    private static final Set<String> CONTAINER_PARAMETERS = Set.of("onMailetException", "onMatchException", "debug");

    protected final void allowParameters(String... names) throws MessagingException {
        Set<String> allowed = new TreeSet<>(Set.of(names));
        Iterator<String> it = getInitParameterNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!allowed.contains(name) && !CONTAINER_PARAMETERS.contains(name)) {
                throw new MessagingException("mailetcontainer.xml: " + getClass().getSimpleName() + " has no parameter '"
                        + name + "'; it takes " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)));
            }
        }
    }

    protected final boolean booleanParameter(String name, boolean defaultValue) throws MessagingException {
        String value = getInitParameter(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "y": return true;
            case "false": case "no": case "n": return false;
            default:
                throw new MessagingException("mailetcontainer.xml: " + getClass().getSimpleName() + " " + name + " '" + value
                        + "' is not true or false");
        }
    }

    protected final String messageId(org.apache.mailet.Mail mail) {
        try {
            return MailHeaders.messageIdForLog(mail.getMessage());
        } catch (MessagingException e) {
            return "-";
        }
    }

    /** The step's name in messages: the mailet's class name. */
    protected final String step() {
        return getClass().getSimpleName();
    }
}
