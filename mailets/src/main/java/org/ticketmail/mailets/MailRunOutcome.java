package org.ticketmail.mailets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * What RecordHistory hands on to the steps after it (the ticket, the history entry, what changed, whether
 * the mail is internal or refused), written as text into the mail's run in the recording transaction
 * ({@link org.ticketmail.store.MailRuns}) and set again on the mail when it is redelivered after a crash,
 * so the steps after recording see exactly what the first run decided. One attribute per line:
 * its name, a tab, and its value ({@code S} and Base64 of UTF-8 text, {@code L} and a number, or {@code T} for a flag).
 * Pure.
 */
final class MailRunOutcome {
    /** The attributes RecordHistory decides; the ones before it are read again from the redelivered mail. */
    static final List<TicketAttributes.Key> KEYS = List.of(TicketAttributes.TICKET, TicketAttributes.RECORDED, TicketAttributes.OPENED,
            TicketAttributes.STATUS_CHANGE, TicketAttributes.FIRST_RATING, TicketAttributes.CHANGES, TicketAttributes.INTERNAL,
            TicketAttributes.REFUSED);

    private MailRunOutcome() {
    }

    /** The {@link #KEYS} the mail carries, as text. */
    static String write(Mail mail) {
        StringBuilder out = new StringBuilder();
        for (TicketAttributes.Key key : KEYS) {
            mail.getAttribute(key.name()).ifPresent(a -> {
                Object value = a.getValue().value();
                String text;
                if (value instanceof Long l) {
                    text = "L" + l;
                } else if (value instanceof Boolean) {
                    text = "T";
                } else {
                    text = "S" + Base64.getEncoder().encodeToString(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
                }
                out.append(key.name().asString()).append('\t').append(text).append('\n');
            });
        }
        return out.toString();
    }

    /** Sets the {@link #KEYS} as {@code outcome} has them, and removes the others. */
    static void restore(Mail mail, String outcome) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : outcome.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                values.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        for (TicketAttributes.Key key : KEYS) {
            String text = values.get(key.name().asString());
            if (text == null) {
                mail.removeAttribute(key.name());
            } else if (text.startsWith("L")) {
                mail.setAttribute(new Attribute(key.name(), AttributeValue.of(Long.parseLong(text.substring(1)))));
            } else if (text.equals("T")) {
                mail.setAttribute(new Attribute(key.name(), AttributeValue.of(true)));
            } else if (text.startsWith("S")) {
                mail.setAttribute(new Attribute(key.name(),
                        AttributeValue.of(new String(Base64.getDecoder().decode(text.substring(1)), StandardCharsets.UTF_8))));
            } else {
                throw new IllegalArgumentException("a mail run's outcome has an attribute of unknown type: " + key.name().asString());
            }
        }
    }
}
