package org.ticketmail.store;

import java.util.List;

/** The commands of a mail that could not apply, with each wrong line and why; nothing was written. */
public final class CommandsRefused extends StoreException {
    /** One refused command line and what is wrong with it. */
    public record Refusal(String line, String reason) {
    }

    private final transient List<Refusal> refusals;

    public CommandsRefused(List<Refusal> refusals) {
        super(refusals.size() + " command(s) refused: " + refusals);
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }
}
