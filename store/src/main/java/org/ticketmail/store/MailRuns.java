package org.ticketmail.store;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.ticketmail.store.mapper.TicketMapper;

/**
 * The steps a recorded mail still has to take. {@link TicketStore#record(Intake, java.util.function.Function)}
 * writes a mail's run in the transaction that records it; each step after recording marks itself done
 * when it has handed its mail on. A mail redelivered after a crash (James' spool gives it again) reads
 * its run and does only the steps not marked: what was sent between a step's handing on and its mark is
 * the one copy a crash can repeat. Thread-safe.
 */
public final class MailRuns {
    private final Transactions tx;

    public MailRuns(Database database) {
        this.tx = new Transactions(database);
    }

    /** The run of the mail recorded under {@code messageKey} (the intake's message key), if any. */
    public Optional<MailRun> run(String messageKey) {
        String key = MessageIds.key(messageKey);
        return tx.read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).mailRun(key)).map(r -> new MailRun(messageKey,
                r.ticketNumber(), r.historyId(), r.outcome(), steps(r.stepsDone()))));
    }

    /** Marks {@code step} done for the mail; marking it again changes nothing. */
    public void done(String messageKey, String step) {
        if (step.contains(",")) {
            throw new IllegalArgumentException("a step name has no comma: " + step);
        }
        String key = MessageIds.key(messageKey);
        tx.write(s -> {
            TicketMapper m = s.getMapper(TicketMapper.class);
            org.ticketmail.store.mapper.MailRunRow row = m.mailRun(key);
            if (row == null) {
                return null;
            }
            Set<String> done = steps(row.stepsDone());
            if (done.add(step)) {
                m.updateMailRunSteps(key, String.join(",", done));
            }
            return null;
        });
    }

    /** The word {@link #complete} marks a run with. */
    public static final String COMPLETE = "complete";

    /** Marks the mail's run complete: every step ran, a later copy of the mail is a repeat. */
    public void complete(String messageKey) {
        done(messageKey, COMPLETE);
    }

    /** Whether the run went through every step. */
    public static boolean isComplete(MailRun run) {
        return run.done().contains(COMPLETE);
    }

    private static Set<String> steps(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text != null && !text.isBlank()) {
            out.addAll(Arrays.asList(text.split(",")));
        }
        return out;
    }
}
