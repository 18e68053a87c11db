package org.ticketmail.mailets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.ticketmail.store.Direction;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;
import org.ticketmail.store.directory.Directory;

/**
 * An alert to a ticket's customers from a template: to its external recipients as To, Cc and Bcc (the support address
 * in To when it has no To recipient), with seed 004's rating links, recorded on the ticket as an {@code out} entry
 * whose Message-ID replies thread on. What {@link AlertCustomers} sends when a technician's command closes a ticket or
 * changes its status, and what the automatic closing of waiting tickets sends. Thread-safe.
 */
public final class CustomerAlert {
    /** Hands a composed alert to James. */
    @FunctionalInterface
    public interface Handoff {
        void send(MailAddress sender, List<MailAddress> recipients, MimeMessage message) throws MessagingException;
    }

    /**
     * Who an alert goes to.
     *
     * @param name how the alert greets them: the ticket's contact's name, else the first To address
     */
    public record Audience(List<InternetAddress> to, List<InternetAddress> cc, List<String> bcc, String name) {
        public boolean isEmpty() {
            return to.isEmpty() && cc.isEmpty() && bcc.isEmpty();
        }
    }

    private final TicketStore store;
    private final Gateway gateway;
    private final RatingTokens ratings;

    public CustomerAlert(TicketStore store, Gateway gateway, RatingTokens ratings) {
        this.store = store;
        this.gateway = gateway;
        this.ratings = ratings;
    }

    /**
     * The ticket's external recipients an alert may go to: not the help desk's addresses, not an undeliverable one, none
     * that {@code bouncedAmong} says bounced permanently (it answers with lower-cased addresses).
     */
    public Audience externalRecipients(Ticket ticket, Directory directory, RecipientRules rules,
                                       java.util.function.Function<List<String>, Set<String>> bouncedAmong) throws MessagingException {
        List<InternetAddress> to = new ArrayList<>();
        List<InternetAddress> cc = new ArrayList<>();
        List<String> bcc = new ArrayList<>();
        List<Recipient> recipients = store.recipients(ticket.number());
        Set<String> bounced = bouncedAmong.apply(recipients.stream().map(Recipient::address).toList());
        for (Recipient r : recipients) {
            if (r.isEmployee() || !rules.mayAlert(r.address()) || bounced.contains(r.address().toLowerCase(Locale.ROOT))) {
                continue;
            }
            switch (r.kind()) {
                case TO -> to.add(new InternetAddress(r.address()));
                case CC -> cc.add(new InternetAddress(r.address()));
                default -> bcc.add(r.address());
            }
        }
        String name = directory.account(ticket.accountId()).flatMap(a -> a.contact(String.valueOf(ticket.contactAddress())))
                .map(c -> c.name()).filter(n -> n != null && !n.isBlank()).orElse(to.isEmpty() ? "" : to.get(0).getAddress());
        return new Audience(to, cc, bcc, name);
    }

    /**
     * Renders {@code template} for the ticket, records it on the ticket (without the rating codes: they are for the
     * customer's hands) and hands it off; returns its envelope, empty when the audience is (nothing is sent then).
     *
     * @param what how the history names it, e.g. "automatic closure alert"
     * @param inReplyTo the Message-ID it answers, or null
     */
    public List<MailAddress> send(Ticket ticket, Directory directory, Audience audience, MailTemplate template, String what,
                                  String inReplyTo, Handoff handoff) throws MessagingException {
        return send(ticket, directory, audience, template, what, inReplyTo, handoff, false);
    }

    /**
     * As {@link #send(Ticket, Directory, Audience, MailTemplate, String, String, Handoff)}; with {@code recordAfter} the
     * history entry is written once James has the mail, for a caller that takes a missing entry as "not sent yet".
     */
    public List<MailAddress> send(Ticket ticket, Directory directory, Audience audience, MailTemplate template, String what,
                                  String inReplyTo, Handoff handoff, boolean recordAfter) throws MessagingException {
        if (audience.isEmpty()) {
            return List.of();
        }
        String number = ticket.number();
        String tag = gateway.tag().format(number);
        Map<String, String> extra = new HashMap<>();
        extra.put("rating_good", ratings.mailto(gateway.supportAddress(), "good", tag, number));
        extra.put("rating_bad", ratings.mailto(gateway.supportAddress(), "bad", tag, number));
        Map<String, String> values = GatewayMail.values(gateway, directory, ticket, template,
                () -> store.firstText(number).orElse(""), audience.name(), extra);
        MailTemplate.Rendered rendered = template.render(values);
        Map<String, String> withoutCodes = new HashMap<>(values);
        withoutCodes.put("rating_good", "(rating link)");
        withoutCodes.put("rating_bad", "(rating link)");
        String recordedText = template.render(withoutCodes).text().strip();
        InternetAddress first = !audience.to().isEmpty() ? audience.to().get(0) : new InternetAddress(gateway.supportAddress());
        OutgoingMessage alert = GatewayMail.compose(gateway, number, first, rendered, inReplyTo);
        if (audience.to().size() > 1) {
            alert.setRecipients(Message.RecipientType.TO, audience.to().toArray(new InternetAddress[0]));
        }
        if (!audience.cc().isEmpty()) {
            alert.setRecipients(Message.RecipientType.CC, audience.cc().toArray(new InternetAddress[0]));
        }
        alert.saveChanges();
        List<MailAddress> envelope = new ArrayList<>();
        for (InternetAddress a : audience.to()) {
            envelope.add(new MailAddress(a.getAddress()));
        }
        for (InternetAddress a : audience.cc()) {
            envelope.add(new MailAddress(a.getAddress()));
        }
        for (String a : audience.bcc()) {
            envelope.add(new MailAddress(a));
        }
        NewHistoryEntry entry = new NewHistoryEntry(Direction.OUT, true, Addresses.named(gateway.supportAddress(), gateway.supportName())
                .toUnicodeString(), alert.getSubject(), recordedText, what, alert.id(), MailHeaders.bytes(alert), List.of());
        if (!recordAfter) {
            store.addEntry(number, entry, List.of(alert.id()));
        }
        handoff.send(new MailAddress(gateway.supportAddress()), envelope, alert);
        if (recordAfter) {
            store.addEntry(number, entry, List.of(alert.id()));
        }
        return envelope;
    }
}
