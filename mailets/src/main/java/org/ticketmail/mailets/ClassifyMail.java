package org.ticketmail.mailets;

import java.util.List;
import java.util.Locale;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline step 4: is the mail internal (employees only, not public)? Seed 002, "Sending Internal
 * Emails": the subject holds the internal keyword (any sender), or an employee sent it with the support
 * address only in Cc or Bcc (not in To). A customer's Cc/Bcc counts as To. Mail in an employee's name
 * that the trust policy does not verify is internal too: it reaches employees only. Reads the sender kind
 * from IdentifySender; sets {@link TicketAttributes#INTERNAL} to {@code keyword}, {@code cc-bcc} or
 * {@code unverified}.
 *
 * <p>Parameters: {@code keyword} (default {@code *123*}; present but empty disables the keyword; one
 * word, no spaces).
 */
public class ClassifyMail extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClassifyMail.class);
    public static final String DEFAULT_KEYWORD = "*123*";

    private final Gateway gateway;
    private String keyword;

    @Inject
    public ClassifyMail(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("keyword");
        String k = getInitParameter("keyword");
        keyword = k == null ? DEFAULT_KEYWORD : k.trim();
        if (keyword.contains(" ")) {
            throw new MessagingException("mailetcontainer.xml: ClassifyMail keyword '" + keyword
                    + "' must be a single word without spaces, e.g. *123*; leave it empty to disable");
        }
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        SenderKind kind = TicketAttributes.senderKind(mail, step());
        if (kind == SenderKind.EMPLOYEE && IdentifySender.UNVERIFIED.equals(TicketAttributes.require(mail, TicketAttributes.VERIFIED, step()))) {
            internal(mail, "unverified");
            return;
        }
        String subject = MailHeaders.subject(mail.getMessage());
        if (!keyword.isEmpty() && subject.toLowerCase(Locale.ROOT).contains(keyword.toLowerCase(Locale.ROOT))) {
            internal(mail, "keyword");
            return;
        }
        if (kind == SenderKind.EMPLOYEE) {
            List<String> to = Addresses.in(mail.getMessage(), "To");
            if (to.stream().noneMatch(gateway::isSupportAddress)) {
                internal(mail, "cc-bcc");
            }
        }
    }

    private void internal(Mail mail, String why) {
        TicketAttributes.set(mail, TicketAttributes.INTERNAL, why);
        LOGGER.debug("message-id={} internal ({})", messageId(mail), why);
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: classify a mail as internal by keyword or the Cc/Bcc rule";
    }
}
