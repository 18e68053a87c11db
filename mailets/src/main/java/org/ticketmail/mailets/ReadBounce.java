package org.ticketmail.mailets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ticketmail.store.Direction;
import org.ticketmail.store.FailingAddresses;
import org.ticketmail.store.HeldMails;
import org.ticketmail.store.NewHistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStore;

/**
 * Pipeline step 0: a delivery status notification (RFC 3464) saying that mail of the gateway failed
 * permanently because the address takes no mail ({@link DeliveryReport.Failure#addressGone}: 5.1.x, 5.2.1,
 * 5.4.4) marks the address failing across tickets ({@link FailingAddresses}): the gateway
 * sends it nothing more until a mail arrives from it or an admin clears it, and the ticket's history says so.
 * Forged reports cannot silence an address: only a report returning a Message-ID the gateway signed
 * ({@link ThreadIds}) counts, and only for an address that is a recipient of that mail's ticket. The report
 * itself is held with what was marked, and changes nothing else of the ticket. Any other mail, a report of a
 * delay or of a success, or one released by an admin, goes on untouched (an automatic mail is held by the next
 * step). Takes no parameters.
 */
public class ReadBounce extends TicketMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReadBounce.class);

    private final TicketStore store;
    private final FailingAddresses failing;
    private final HeldMails held;
    private final Gateway gateway;

    @Inject
    public ReadBounce(TicketStore store, FailingAddresses failing, HeldMails held, Gateway gateway) {
        this.store = store;
        this.failing = failing;
        this.held = held;
        this.gateway = gateway;
    }

    @Override
    public void init() throws MessagingException {
        allowParameters();
    }

    @Override
    protected void serve(Mail mail) throws MessagingException {
        if (TicketAttributes.flag(mail, TicketAttributes.RELEASED)) {
            return;
        }
        Optional<DeliveryReport> report = DeliveryReport.of(mail.getMessage());
        List<DeliveryReport.Failure> failures = report.map(DeliveryReport::permanentFailures).orElse(List.of());
        if (failures.isEmpty()) {
            return;
        }
        Optional<Ticket> ticket = report.get().returnedMessageId().flatMap(gateway.threadIds()::ticketOf).flatMap(store::ticket);
        List<String> recipients = ticket.map(t -> recipientsOf(t)).orElse(List.of());
        List<String> marked = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (DeliveryReport.Failure f : failures) {
            String what = f.address() + " (" + f.status() + (f.diagnostic() == null ? "" : ": " + f.diagnostic()) + ")";
            if (!f.addressGone()) {
                ignored.add(what + " (the status is about this mail, not the address)");
                continue;
            }
            if (ticket.isEmpty() || !recipients.contains(f.address())) {
                ignored.add(what + (ticket.isEmpty() ? " (the report returns no mail the gateway signed)"
                        : " (not a recipient of " + gateway.tag().format(ticket.get().number()) + ")"));
                continue;
            }
            boolean fresh = failing.mark(f.address(), f.status(), f.diagnostic(), ticket.get().number(), note(f));
            marked.add(what + (fresh ? "" : ", failing already"));
        }
        String reason = "delivery failure report: " + (marked.isEmpty() ? "" : "marked failing " + String.join(", ", marked))
                + (marked.isEmpty() || ignored.isEmpty() ? "" : "; ")
                + (ignored.isEmpty() ? "" : "not marked " + String.join(", ", ignored));
        long id = held.hold(reason, mail.getMaybeSender().asString(), mail.getRecipients().stream().map(Object::toString)
                .collect(Collectors.joining(", ")), MailHeaders.subject(mail.getMessage()), MailHeaders.bytes(mail.getMessage()),
                ticket.map(Ticket::number).orElse(null));
        if (!marked.isEmpty()) {
            LOGGER.warn("ticket={} held={} message-id={} {}", ticket.get().number(), id, messageId(mail), reason);
        }
        MailLog.end(LOGGER, mail, messageId(mail), "held", "held=" + id + " reason=" + reason);
        mail.setState(Mail.GHOST);
    }

    /** The addresses the ticket's mail goes to: its recipients and its contact, lower-cased. */
    private List<String> recipientsOf(Ticket ticket) {
        List<String> out = new ArrayList<>(store.recipients(ticket.number()).stream().map(Recipient::address)
                .map(a -> a.toLowerCase(java.util.Locale.ROOT)).toList());
        if (ticket.contactAddress() != null) {
            out.add(ticket.contactAddress().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private NewHistoryEntry note(DeliveryReport.Failure f) {
        return new NewHistoryEntry(Direction.OUT, false, gateway.supportName(), "Delivery failed: " + f.address(),
                "Mail to " + f.address() + " bounced permanently (" + f.status() + (f.diagnostic() == null ? "" : ": " + f.diagnostic())
                        + "). Nothing more is sent to this address, on any ticket, until a mail arrives from it or an admin clears it"
                        + " (ticketmail clear-failing " + f.address() + ").", "permanent bounce", null, null, List.of());
    }

    @Override
    public String getMailetInfo() {
        return "ticketmail: mark addresses whose mail bounced permanently";
    }
}
