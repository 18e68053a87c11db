package org.ticketmail.mailets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryProvider;

/**
 * Pipeline step 10: the alerts to customers (seed 002, "External Recipients": "automatic email alerts to
 * customers upon ticket creation or closure"), each switchable, each from a template, each recorded on the
 * ticket as an {@code out} entry, and never to an address of the help desk ({@link RecipientRules#mayAlert}):
 * <ul>
 *   <li>on creation ({@code created}: {@code all}, {@code known} for senders of a known account only, or
 *       {@code off}): the acknowledgment to the customer whose mail opened the ticket;</li>
 *   <li>on closure ({@code closed}, default true): the closure alert to the ticket's external recipients,
 *       with its resolution and epilogue and seed 004's rating request, a {@code good} and a {@code bad}
 *       mailto link ({@link RatingTokens});</li>
 *   <li>on another status change by a technician ({@code statusChanged}, default false);</li>
 *   <li>a customer's first rating is thanked once.</li>
 * </ul>
 *
 * <p>Reads what IdentifySender, ReadRating and RecordHistory set. Parameters: {@code created},
 * {@code closed}, {@code statusChanged}, {@code templates} (the directory of NAME.txt and NAME.html;
 * absent files use the built-in text), {@code relayProcessor} (default relay).
 */
public class AlertCustomers extends SendingMailet {
    /** This step's name in a mail's run. */
    static final String STEP = "alert";
    private static final Logger LOGGER = LoggerFactory.getLogger(AlertCustomers.class);
    static final String ACKNOWLEDGMENT = """
            Subject: Received: _incident_title_ _tag_

            Hello _fullname_,

            we received your request and opened _tag_ for it.
            Reply to this mail to add to the ticket, and keep "_tag_" in the subject.

            _sitename_
            """;
    public static final String CLOSURE = """
            Subject: Closed: _incident_title_ _tag_

            Hello _fullname_,

            _tag_ is closed. Resolution: _resolution_

            _epilog_

            How did we do? Answer with one click, and add a few words if you like:
              Good: _rating_good_
              Bad:  _rating_bad_

            A reply to this mail reopens the ticket.

            _sitename_
            """;
    static final String STATUS_CHANGE = """
            Subject: Now _status_: _incident_title_ _tag_

            Hello _fullname_,

            _tag_ is now _status_.

            _sitename_
            """;
    static final String RATING_THANKS = """
            Subject: Thank you: _incident_title_ _tag_

            Hello _fullname_,

            thank you for rating _tag_. Your words go to the people who worked on it.

            _sitename_
            """;

    /** The {@code created} setting. */
    enum Created {
        ALL, KNOWN, OFF
    }

    private final TicketStore store;
    private final DirectoryProvider directories;
    private final Gateway gateway;
    private final CustomerAlert alerts;
    private Created created;
    private boolean closed;
    private boolean statusChanged;
    private java.util.function.Supplier<MailTemplate> acknowledgment;
    private java.util.function.Supplier<MailTemplate> closure;
    private java.util.function.Supplier<MailTemplate> statusChange;
    private java.util.function.Supplier<MailTemplate> ratingThanks;

    @Inject
    public AlertCustomers(TicketStore store, DirectoryProvider directories, Gateway gateway, RatingTokens ratings) {
        this.store = store;
        this.directories = directories;
        this.gateway = gateway;
        this.alerts = new CustomerAlert(store, gateway, ratings);
    }

    @Override
    public void init() throws MessagingException {
        allowParameters("created", "closed", "statusChanged", "templates", "relayProcessor");
        readSendingParameters();
        String c = getInitParameter("created", "all").trim().toUpperCase(Locale.ROOT);
        try {
            created = Created.valueOf(c);
        } catch (IllegalArgumentException e) {
            throw new MessagingException("mailetcontainer.xml: AlertCustomers created '" + getInitParameter("created")
                    + "' is not all, known or off");
        }
        closed = booleanParameter("closed", true);
        statusChanged = booleanParameter("statusChanged", false);
        acknowledgment = template("acknowledgment", ACKNOWLEDGMENT);
        closure = template("closure", CLOSURE);
        statusChange = template("status-change", STATUS_CHANGE);
        ratingThanks = template("rating-thanks", RATING_THANKS);
    }

    @Override
    protected String stepName() {
        return STEP;
    }

    @Override
    protected void send(Mail mail) throws MessagingException {
        TicketAttributes.requireLong(mail, TicketAttributes.RECORDED, step());
        SenderKind kind = TicketAttributes.senderKind(mail, step());
        String number = TicketAttributes.require(mail, TicketAttributes.TICKET, step());
        Directory directory = TicketAttributes.directory(mail, directories, step());
        RecipientRules rules = new RecipientRules(directory, gateway);
        Optional<InternetAddress> sender = Addresses.from(mail.getMessage(), mail);
        if (kind != SenderKind.EMPLOYEE && TicketAttributes.flag(mail, TicketAttributes.OPENED) && created != Created.OFF
                && (created == Created.ALL || kind == SenderKind.CUSTOMER)) {
            if (TicketAttributes.flag(mail, TicketAttributes.SPAM_SUSPECT)) {
                // A suspected spammer's address is likely forged: an acknowledgment would be backscatter.
                MailLog.decide(mail, "not-acknowledged-suspect");
                LOGGER.debug("ticket={} message-id={} no acknowledgment: suspected spam", number, messageId(mail));
            } else {
                toSender(mail, number, directory, rules, sender, acknowledgment.get(), Alert.ACKNOWLEDGMENT);
            }
        }
        if (TicketAttributes.flag(mail, TicketAttributes.FIRST_RATING)) {
            toSender(mail, number, directory, rules, sender, ratingThanks.get(), Alert.RATING_THANKS);
        }
        Optional<String> move = TicketAttributes.string(mail, TicketAttributes.STATUS_CHANGE);
        if (kind == SenderKind.EMPLOYEE && move.isPresent() && !TicketAttributes.flag(mail, TicketAttributes.REFUSED)) {
            boolean toClosed = move.get().endsWith(" " + TicketStatus.CLOSED.jsonName());
            if (toClosed ? closed : statusChanged) {
                toExternalRecipients(mail, number, directory, rules, toClosed ? closure.get() : statusChange.get(),
                        toClosed ? Alert.CLOSURE : Alert.STATUS_CHANGE);
            }
        }
    }

    /** An alert this step sends: how the history and the log name it, and its word in the mail's log line. */
    private enum Alert {
        ACKNOWLEDGMENT("automatic acknowledgment of the new ticket", "acknowledged"),
        RATING_THANKS("thanks for the rating", "thanked"),
        CLOSURE("automatic closure alert", "closure-alert"),
        STATUS_CHANGE("automatic status alert", "status-alert");

        private final String what;
        private final String decision;

        Alert(String what, String decision) {
            this.what = what;
            this.decision = decision;
        }

        @Override
        public String toString() {
            return what;
        }
    }

    private void toSender(Mail mail, String number, Directory directory, RecipientRules rules, Optional<InternetAddress> sender,
                          MailTemplate template, Alert what) throws MessagingException {
        if (sender.isPresent() && !failingAmong(List.of(sender.get().getAddress())).isEmpty()) {
            LOGGER.debug("ticket={} message-id={} no {}: '{}' bounced permanently", number, messageId(mail), what, sender.get().getAddress());
            return;
        }
        if (sender.isEmpty() || !rules.mayAlert(sender.get().getAddress())) {
            LOGGER.debug("ticket={} message-id={} no {}: {}", number, messageId(mail), what, sender.isEmpty() ? "no sender address"
                    : "'" + sender.get().getAddress() + "' belongs to the help desk or cannot be delivered to");
            return;
        }
        Optional<Limits.Refusal> over = limits().flatMap(l -> l.acknowledgment(sender.get().getAddress()));
        if (over.isPresent()) {
            // An auto-responder answering every mail would otherwise get an answer to every answer.
            if (over.get().first()) {
                LOGGER.warn("ticket={} message-id={} no {}: {}", number, messageId(mail), what, over.get().reason());
            } else {
                LOGGER.debug("ticket={} message-id={} no {}: {}", number, messageId(mail), what, over.get().reason());
            }
            return;
        }
        String name = Optional.ofNullable(sender.get().getPersonal()).filter(p -> !p.isBlank()).orElse(sender.get().getAddress());
        Ticket ticket = store.ticket(number).orElseThrow(() -> new MessagingException("ticket " + number + " vanished"));
        send(mail, ticket, directory, new CustomerAlert.Audience(List.of(sender.get()), List.of(), List.of(), name), template, what);
    }

    private void toExternalRecipients(Mail mail, String number, Directory directory, RecipientRules rules, MailTemplate template,
                                      Alert what) throws MessagingException {
        Ticket ticket = store.ticket(number).orElseThrow(() -> new MessagingException("ticket " + number + " vanished"));
        CustomerAlert.Audience audience = alerts.externalRecipients(ticket, directory, rules, this::failingAmong);
        if (audience.isEmpty()) {
            LOGGER.debug("ticket={} message-id={} no {}: the ticket has no customer to tell", number, messageId(mail), what);
            return;
        }
        send(mail, ticket, directory, audience, template, what);
    }

    private void send(Mail mail, Ticket ticket, Directory directory, CustomerAlert.Audience audience, MailTemplate template, Alert what)
            throws MessagingException {
        List<MailAddress> envelope = alerts.send(ticket, directory, audience, template, what.toString(), mail.getMessage().getMessageID(),
                (sender, recipients, message) -> sendOn(mail, sender, recipients, message));
        if (envelope.isEmpty()) {
            return;
        }
        MailLog.decide(mail, what.decision);
        LOGGER.debug("ticket={} message-id={} {} to {}", ticket.number(), messageId(mail), what, envelope);
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: alert customers of a new ticket, a closure or a status change, and thank them for a rating";
    }
}
