package org.ticketmail.quote;

/** A quote-rule file is wrong; the message names the file, the line and the fault. */
public class QuoteRulesException extends RuntimeException {
    public QuoteRulesException(String message) {
        super(message);
    }
}
