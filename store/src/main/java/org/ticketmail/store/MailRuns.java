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
    /** The word {@link #failed} marks a run with. */
    public static final String FAILED = "failed";

    private final Transactions tx;
    private final String bootId = java.util.UUID.randomUUID().toString();

    /** The runs of one start of the appliance: runs it writes carry its own id. */
    public MailRuns(Database database) {
        this.tx = new Transactions(database);
    }

    /** This start's id, written into the runs it records. */
    public String bootId() {
        return bootId;
    }

    /**
     * Whether a mail met again with this run has steps to finish: its run is not complete, and either an
     * earlier start of the appliance wrote it (the process died on the way) or a step failed and held the
     * mail. A run this start wrote and still works on belongs to a copy still on its way: not to finish twice.
     */
    public boolean toFinish(MailRun run) {
        return !isComplete(run) && (!bootId.equals(run.bootId()) || run.done().contains(FAILED));
    }

    /** Marks the mail's run failed: a step failed and the mail was held; sent again, it finishes its steps. */
    public void failed(String messageKey) {
        done(messageKey, FAILED);
    }

    /** The run of the mail recorded under {@code messageKey} (the intake's message key), if any. */
    public Optional<MailRun> run(String messageKey) {
        String key = MessageIds.key(messageKey);
        return tx.read(s -> Optional.ofNullable(s.getMapper(TicketMapper.class).mailRun(key)).map(r -> new MailRun(messageKey,
                r.ticketNumber(), r.historyId(), r.outcome(), steps(r.stepsDone()), r.bootId())));
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
