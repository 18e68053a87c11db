package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.ticketmail.store.TicketStatus.ASSIGNED;
import static org.ticketmail.store.TicketStatus.CLOSED;
import static org.ticketmail.store.TicketStatus.NEW;
import static org.ticketmail.store.TicketStatus.PENDING_THIRD_PARTY;
import static org.ticketmail.store.TicketStatus.REOPENED;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ticketmail.store.Commands.Requested;
import org.ticketmail.store.CommandsRefused.Refusal;

class TicketWorkTest {
    private static final Instant OPENED = Instant.parse("2026-11-04T08:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-05T10:00:00Z");
    private static final StatusMap MAP = StatusMap.defaults();
    private static final String MANAGER = "alice";
    private static final String OTHER = "bob";
    private static final String LOCKED = "the ticket is closed and locked; send #unlock first (and #reopen to work on it again)";

    private static final Recipient DANA = Recipient.external("dana@acme.test", RecipientKind.TO);
    private static final Recipient CAROL = Recipient.external("carol@globex.test", RecipientKind.CC);

    // --- fixtures ---------------------------------------------------------------------------------

    private static Ticket ticket(TicketStatus status, String managerId) {
        return Ticket.opened("1001", "Printer broken", "acme", "dana@acme.test", managerId, status, "normal", true, OPENED);
    }

    private static Ticket assigned() {
        return ticket(ASSIGNED, MANAGER);
    }

    private static Ticket closed() {
        return ticket(CLOSED, MANAGER).withClosure("solved", "Toner replaced").withInbox(false);
    }

    private static Ticket closedAndLocked() {
        return closed().withLocked(true);
    }

    private static Requested line(String line, TicketChange change) {
        return new Requested(line, change);
    }

    private static Commands by(String actorId, Requested... lines) {
        return new Commands(actorId, false, MAP, Arrays.asList(lines));
    }

    private static Commands byCloseAny(String actorId, Requested... lines) {
        return new Commands(actorId, true, MAP, Arrays.asList(lines));
    }

    private static TicketWork.Result apply(Ticket before, Commands commands) {
        return TicketWork.apply(before, List.of(), commands, NOW);
    }

    private static TicketWork.Result apply(Ticket before, List<Recipient> recipients, Commands commands) {
        return TicketWork.apply(before, recipients, commands, NOW);
    }

    private static List<Refusal> refusals(Ticket before, List<Recipient> recipients, Commands commands) {
        CommandsRefused refused = catchThrowableOfType(CommandsRefused.class,
                () -> TicketWork.apply(before, recipients, commands, NOW));
        assertThat(refused).as("CommandsRefused").isNotNull();
        return refused.refusals();
    }

    private static List<Refusal> refusals(Ticket before, Commands commands) {
        return refusals(before, List.of(), commands);
    }

    private static Change change(String actor, String field, String from, String to) {
        return new Change(NOW, actor, field, from, to);
    }

    // --- #assign ----------------------------------------------------------------------------------

    @Test
    void applyShouldSetManagerThenStatusWhenNewTicketIsAssigned() {
        TicketWork.Result result = apply(ticket(NEW, null), by(OTHER, line("#assign alice", new TicketChange.Assign(MANAGER))));

        assertThat(result.ticket()).isEqualTo(ticket(ASSIGNED, MANAGER));
        assertThat(result.changes()).containsExactly(
                change(OTHER, "manager", null, MANAGER),
                change(OTHER, "status", "new", "assigned"));
    }

    @Test
    void applyShouldChangeOnlyManagerWhenAssignedTicketIsAssigned() {
        TicketWork.Result result = apply(assigned(), by(MANAGER, line("#assign bob", new TicketChange.Assign(OTHER))));

        assertThat(result.ticket()).isEqualTo(ticket(ASSIGNED, OTHER));
        assertThat(result.changes()).containsExactly(change(MANAGER, "manager", MANAGER, OTHER));
    }

    @Test
    void applyShouldChangeNothingWhenTicketIsAssignedToItsManager() {
        TicketWork.Result result = apply(assigned(), by(MANAGER, line("#assign alice", new TicketChange.Assign(MANAGER))));

        assertThat(result.ticket()).isEqualTo(assigned());
        assertThat(result.changes()).isEmpty();
    }

    // --- #status ----------------------------------------------------------------------------------

    @Test
    void applyShouldSetStatusWhenMapAllowsIt() {
        TicketWork.Result result = apply(assigned(),
                by(MANAGER, line("#status pending-third-party", new TicketChange.SetStatus(PENDING_THIRD_PARTY))));

        assertThat(result.ticket()).isEqualTo(ticket(PENDING_THIRD_PARTY, MANAGER));
        assertThat(result.changes()).containsExactly(change(MANAGER, "status", "assigned", "pending-third-party"));
    }

    @Test
    void applyShouldRefuseStatusWhenMapDoesNotAllowIt() {
        List<Refusal> refusals = refusals(closed(), by(MANAGER, line("#status assigned", new TicketChange.SetStatus(ASSIGNED))));

        assertThat(refusals).containsExactly(new Refusal("#status assigned",
                "the status map does not allow closed → assigned; from closed a ticket may go to reopened"));
    }

    @Test
    void applyShouldListAllowedStatusesWhenOpenTicketIsRefusedStatus() {
        List<Refusal> refusals = refusals(assigned(), by(MANAGER, line("#status new", new TicketChange.SetStatus(NEW))));

        assertThat(refusals).containsExactly(new Refusal("#status new",
                "the status map does not allow assigned → new; from assigned a ticket may go to pending-third-party, pending-close, closed"));
    }

    @Test
    void applyShouldChangeNothingWhenStatusIsTheSame() {
        TicketWork.Result result = apply(assigned(), by(MANAGER, line("#status assigned", new TicketChange.SetStatus(ASSIGNED))));

        assertThat(result.ticket()).isEqualTo(assigned());
        assertThat(result.changes()).isEmpty();
    }

    // --- #close -----------------------------------------------------------------------------------

    @Test
    void applyShouldCloseAndTakeOutOfInboxWhenManagerCloses() {
        TicketWork.Result result = apply(assigned(),
                by(MANAGER, line("#close solved Toner replaced", new TicketChange.Close("solved", "Toner replaced"))));

        assertThat(result.ticket()).isEqualTo(ticket(CLOSED, MANAGER).withClosure("solved", "Toner replaced").withInbox(false));
        assertThat(result.changes()).containsExactly(
                change(MANAGER, "status", "assigned", "closed"),
                change(MANAGER, "resolution", null, "solved"),
                change(MANAGER, "epilogue", null, "Toner replaced"),
                change(MANAGER, "inbox", "true", "false"));
    }

    @Test
    void applyShouldRefuseCloseWhenActorIsNotManager() {
        List<Refusal> refusals = refusals(assigned(), by(OTHER, line("#close solved", new TicketChange.Close("solved", null))));

        assertThat(refusals).containsExactly(new Refusal("#close solved",
                "only the ticket's manager (alice) or an employee with closeAnyTicket: true may close it"));
    }

    @Test
    void applyShouldRefuseCloseWhenTicketHasNoManager() {
        List<Refusal> refusals = refusals(ticket(NEW, null), by(OTHER, line("#close", new TicketChange.Close(null, null))));

        assertThat(refusals).containsExactly(new Refusal("#close",
                "only the ticket's manager (nobody yet; #assign one) or an employee with closeAnyTicket: true may close it"));
    }

    @Test
    void applyShouldCloseWhenActorIsNotManagerButMayCloseAny() {
        TicketWork.Result result = apply(assigned(),
                byCloseAny(OTHER, line("#close duplicate", new TicketChange.Close("duplicate", null))));

        assertThat(result.ticket()).isEqualTo(ticket(CLOSED, MANAGER).withClosure("duplicate", null).withInbox(false));
        assertThat(result.changes()).containsExactly(
                change(OTHER, "status", "assigned", "closed"),
                change(OTHER, "resolution", null, "duplicate"),
                change(OTHER, "inbox", "true", "false"));
    }

    @Test
    void applyShouldCloseWhenStatusIsSetToClosed() {
        TicketWork.Result result = apply(assigned(), by(MANAGER, line("#status closed", new TicketChange.SetStatus(CLOSED))));

        assertThat(result.ticket()).isEqualTo(ticket(CLOSED, MANAGER).withInbox(false));
        assertThat(result.changes()).containsExactly(
                change(MANAGER, "status", "assigned", "closed"),
                change(MANAGER, "inbox", "true", "false"));
    }

    @Test
    void applyShouldRefuseStatusClosedWhenActorIsNotManager() {
        List<Refusal> refusals = refusals(assigned(), by(OTHER, line("#status closed", new TicketChange.SetStatus(CLOSED))));

        assertThat(refusals).containsExactly(new Refusal("#status closed",
                "only the ticket's manager (alice) or an employee with closeAnyTicket: true may close it"));
    }

    /*
     * "#status closed" on a closed ticket is the same status: no change, the closure stays.
     */
    @Test
    void applyShouldKeepResolutionAndEpilogueWhenClosedTicketIsSetToClosed() {
        TicketWork.Result result = apply(closed(), by(MANAGER, line("#status closed", new TicketChange.SetStatus(CLOSED))));

        assertThat(result.ticket()).isEqualTo(closed());
        assertThat(result.changes()).isEmpty();
    }

    // --- #reopen ----------------------------------------------------------------------------------

    @Test
    void applyShouldClearResolutionAndEpilogueWhenClosedTicketIsReopened() {
        TicketWork.Result result = apply(closed(), by(MANAGER, line("#reopen", new TicketChange.Reopen())));

        assertThat(result.ticket()).isEqualTo(ticket(REOPENED, MANAGER).withInbox(false));
        assertThat(result.changes()).containsExactly(
                change(MANAGER, "status", "closed", "reopened"),
                change(MANAGER, "resolution", "solved", null),
                change(MANAGER, "epilogue", "Toner replaced", null));
    }

    @Test
    void applyShouldRefuseReopenWhenTicketIsOpen() {
        List<Refusal> refusals = refusals(assigned(), by(MANAGER, line("#reopen", new TicketChange.Reopen())));

        assertThat(refusals).containsExactly(new Refusal("#reopen",
                "the ticket is assigned, not closed; only a closed ticket can be reopened"));
    }

    /*
     * "#status reopened" on a closed ticket behaves as #reopen (as "#status closed" behaves as #close): the closure
     * goes, so an open ticket carries none.
     */
    @Test
    void applyShouldClearResolutionAndEpilogueWhenClosedTicketIsSetToReopened() {
        TicketWork.Result result = apply(closed(), by(MANAGER, line("#status reopened", new TicketChange.SetStatus(REOPENED))));

        assertThat(result.ticket()).isEqualTo(ticket(REOPENED, MANAGER).withInbox(false));
        assertThat(result.changes()).containsExactly(
                change(MANAGER, "status", "closed", "reopened"),
                change(MANAGER, "resolution", "solved", null),
                change(MANAGER, "epilogue", "Toner replaced", null));
    }

    // --- #lock / #unlock --------------------------------------------------------------------------

    @Test
    void applyShouldRefuseLockWhenTicketIsOpen() {
        List<Refusal> refusals = refusals(assigned(), by(MANAGER, line("#lock", new TicketChange.Lock(true))));

        assertThat(refusals).containsExactly(new Refusal("#lock",
                "only a closed ticket can be locked; it is assigned (close it first: #close, then #lock)"));
    }

    @Test
    void applyShouldLockWhenCloseComesFirstInSameMail() {
        TicketWork.Result result = apply(assigned(), by(MANAGER,
                line("#close rejected", new TicketChange.Close("rejected", null)),
                line("#lock", new TicketChange.Lock(true))));

        assertThat(result.ticket()).isEqualTo(ticket(CLOSED, MANAGER).withClosure("rejected", null).withInbox(false).withLocked(true));
        assertThat(result.changes()).containsExactly(
                change(MANAGER, "status", "assigned", "closed"),
                change(MANAGER, "resolution", null, "rejected"),
                change(MANAGER, "inbox", "true", "false"),
                change(MANAGER, "locked", "false", "true"));
    }

    @Test
    void applyShouldRefuseEveryCommandWhenTicketIsClosedAndLocked() {
        List<Refusal> refusals = refusals(closedAndLocked(), List.of(DANA), byCloseAny(MANAGER,
                line("#reopen", new TicketChange.Reopen()),
                line("#status reopened", new TicketChange.SetStatus(REOPENED)),
                line("#assign bob", new TicketChange.Assign(OTHER)),
                line("#priority high", new TicketChange.SetPriority("high")),
                line("#close duplicate", new TicketChange.Close("duplicate", null)),
                line("#lock", new TicketChange.Lock(true)),
                line("#inbox", new TicketChange.Inbox(true)),
                line("#account globex", new TicketChange.MoveToAccount("globex")),
                line("#add carol@globex.test cc", new TicketChange.AddRecipient(CAROL)),
                line("#remove dana@acme.test", new TicketChange.RemoveRecipient("dana@acme.test")),
                line("#time 10m", new TicketChange.WorkUnit(10, null))));

        assertThat(refusals).containsExactly(
                new Refusal("#reopen", LOCKED),
                new Refusal("#status reopened", LOCKED),
                new Refusal("#assign bob", LOCKED),
                new Refusal("#priority high", LOCKED),
                new Refusal("#close duplicate", LOCKED),
                new Refusal("#lock", LOCKED),
                new Refusal("#inbox", LOCKED),
                new Refusal("#account globex", LOCKED),
                new Refusal("#add carol@globex.test cc", LOCKED),
                new Refusal("#remove dana@acme.test", LOCKED),
                new Refusal("#time 10m", LOCKED));
    }

    @Test
    void applyShouldUnlockWhenTicketIsClosedAndLocked() {
        TicketWork.Result result = apply(closedAndLocked(), by(MANAGER, line("#unlock", new TicketChange.Lock(false))));

        assertThat(result.ticket()).isEqualTo(closed());
        assertThat(result.changes()).containsExactly(change(MANAGER, "locked", "true", "false"));
    }

    @Test
    void applyShouldReopenWhenUnlockComesFirstInSameMail() {
        TicketWork.Result result = apply(closedAndLocked(), by(MANAGER,
                line("#unlock", new TicketChange.Lock(false)),
                line("#reopen", new TicketChange.Reopen())));

        assertThat(result.ticket()).isEqualTo(ticket(REOPENED, MANAGER).withInbox(false));
        assertThat(result.changes()).containsExactly(
                change(MANAGER, "locked", "true", "false"),
                change(MANAGER, "status", "closed", "reopened"),
                change(MANAGER, "resolution", "solved", null),
                change(MANAGER, "epilogue", "Toner replaced", null));
    }

    @Test
    void applyShouldRefuseReopenWhenItComesBeforeUnlockInSameMail() {
        List<Refusal> refusals = refusals(closedAndLocked(), by(MANAGER,
                line("#reopen", new TicketChange.Reopen()),
                line("#unlock", new TicketChange.Lock(false))));

        assertThat(refusals).containsExactly(new Refusal("#reopen", LOCKED));
    }

    // --- #add / #remove ---------------------------------------------------------------------------

    @Test
    void applyShouldAddRecipientWhenItIsNew() {
        TicketWork.Result result = apply(assigned(), List.of(DANA),
                by(MANAGER, line("#add carol@globex.test cc", new TicketChange.AddRecipient(CAROL))));

        assertThat(result.added()).containsExactly(CAROL);
        assertThat(result.removed()).isEmpty();
        assertThat(result.ticket()).isEqualTo(assigned());
        assertThat(result.changes()).containsExactly(change(MANAGER, "recipient", null, "carol@globex.test (cc)"));
    }

    @Test
    void applyShouldDescribeEmployeeWhenEmployeeIsAdded() {
        Recipient bob = Recipient.employee(OTHER, "bob@ticketmail.test");

        TicketWork.Result result = apply(assigned(), List.of(DANA),
                by(OTHER, line("#subscribe", new TicketChange.AddRecipient(bob))));

        assertThat(result.added()).containsExactly(bob);
        assertThat(result.changes()).containsExactly(change(OTHER, "recipient", null, "bob@ticketmail.test (employee bob)"));
    }

    @Test
    void applyShouldChangeNothingWhenAddedRecipientIsAlreadyThere() {
        TicketWork.Result result = apply(assigned(), List.of(DANA, CAROL),
                by(MANAGER, line("#add carol@globex.test cc", new TicketChange.AddRecipient(CAROL))));

        assertThat(result.added()).isEmpty();
        assertThat(result.removed()).isEmpty();
        assertThat(result.changes()).isEmpty();
    }

    @Test
    void applyShouldReplaceRecipientWhenItIsAddedWithAnotherKind() {
        Recipient danaCc = Recipient.external("dana@acme.test", RecipientKind.CC);

        TicketWork.Result result = apply(assigned(), List.of(DANA, CAROL),
                by(MANAGER, line("#add dana@acme.test cc", new TicketChange.AddRecipient(danaCc))));

        assertThat(result.removed()).containsExactly("dana@acme.test");
        assertThat(result.added()).containsExactly(danaCc);
        assertThat(result.changes()).containsExactly(change(MANAGER, "recipient", "dana@acme.test (to)", "dana@acme.test (cc)"));
    }

    @Test
    void applyShouldRemoveRecipientWhenItIsPresent() {
        TicketWork.Result result = apply(assigned(), List.of(DANA, CAROL),
                by(MANAGER, line("#remove carol@globex.test", new TicketChange.RemoveRecipient("carol@globex.test"))));

        assertThat(result.removed()).containsExactly("carol@globex.test");
        assertThat(result.added()).isEmpty();
        assertThat(result.changes()).containsExactly(change(MANAGER, "recipient", "carol@globex.test (cc)", null));
    }

    @Test
    void applyShouldRefuseRemoveAndListRecipientsWhenRecipientIsAbsent() {
        List<Refusal> refusals = refusals(assigned(), List.of(DANA, CAROL),
                by(MANAGER, line("#remove zed@acme.test", new TicketChange.RemoveRecipient("zed@acme.test"))));

        assertThat(refusals).containsExactly(new Refusal("#remove zed@acme.test",
                "zed@acme.test is not a recipient of the ticket; its recipients are dana@acme.test, carol@globex.test"));
    }

    @Test
    void applyShouldRefuseRemoveAndSayNoneWhenTicketHasNoRecipients() {
        List<Refusal> refusals = refusals(assigned(), List.of(),
                by(MANAGER, line("#remove zed@acme.test", new TicketChange.RemoveRecipient("zed@acme.test"))));

        assertThat(refusals).containsExactly(new Refusal("#remove zed@acme.test",
                "zed@acme.test is not a recipient of the ticket; its recipients are none"));
    }

    @Test
    void applyShouldNeitherAddNorRemoveWhenRecipientIsAddedThenRemovedInSameMail() {
        TicketWork.Result result = apply(assigned(), List.of(DANA), by(MANAGER,
                line("#add carol@globex.test cc", new TicketChange.AddRecipient(CAROL)),
                line("#remove carol@globex.test", new TicketChange.RemoveRecipient("carol@globex.test"))));

        assertThat(result.added()).isEmpty();
        assertThat(result.removed()).isEmpty();
        assertThat(result.changes()).containsExactly(
                change(MANAGER, "recipient", null, "carol@globex.test (cc)"),
                change(MANAGER, "recipient", "carol@globex.test (cc)", null));
    }

    // --- #time ------------------------------------------------------------------------------------

    @Test
    void applyShouldAddUpWorkUnitsWhenMailReportsSeveral() {
        TicketWork.Result result = apply(assigned(), by(MANAGER,
                line("#time 30m diagnosis", new TicketChange.WorkUnit(30, "diagnosis")),
                line("#time 45m  new toner ", new TicketChange.WorkUnit(45, " new toner "))));

        assertThat(result.ticket()).isEqualTo(assigned().withTimeUsed(75));
        assertThat(result.changes()).containsExactly(
                change(MANAGER, "time", "0", "30 (30 min: diagnosis)"),
                change(MANAGER, "time", "30", "75 (45 min: new toner)"));
    }

    @Test
    void applyShouldRecordTotalOnlyWhenWorkUnitHasNoText() {
        TicketWork.Result result = apply(assigned().withTimeUsed(15), by(MANAGER,
                line("#time 20m", new TicketChange.WorkUnit(20, null))));

        assertThat(result.ticket().timeUsedMinutes()).isEqualTo(35);
        assertThat(result.changes()).containsExactly(change(MANAGER, "time", "15", "35"));
    }

    // --- #priority, #inbox / #done, #account ------------------------------------------------------

    @Test
    void applyShouldSetPriorityWhenItDiffers() {
        TicketWork.Result result = apply(assigned(), by(MANAGER, line("#priority urgent", new TicketChange.SetPriority("urgent"))));

        assertThat(result.ticket()).isEqualTo(assigned().withPriority("urgent"));
        assertThat(result.changes()).containsExactly(change(MANAGER, "priority", "normal", "urgent"));
    }

    @Test
    void applyShouldChangeNothingWhenPriorityIsTheSame() {
        TicketWork.Result result = apply(assigned(), by(MANAGER, line("#priority normal", new TicketChange.SetPriority("normal"))));

        assertThat(result.ticket()).isEqualTo(assigned());
        assertThat(result.changes()).isEmpty();
    }

    @Test
    void applyShouldTakeOutOfInboxWhenDone() {
        TicketWork.Result result = apply(assigned(), by(MANAGER, line("#done", new TicketChange.Inbox(false))));

        assertThat(result.ticket()).isEqualTo(assigned().withInbox(false));
        assertThat(result.changes()).containsExactly(change(MANAGER, "inbox", "true", "false"));
    }

    @Test
    void applyShouldPutBackInInboxWhenInbox() {
        TicketWork.Result result = apply(assigned().withInbox(false), by(MANAGER, line("#inbox", new TicketChange.Inbox(true))));

        assertThat(result.ticket()).isEqualTo(assigned());
        assertThat(result.changes()).containsExactly(change(MANAGER, "inbox", "false", "true"));
    }

    @Test
    void applyShouldMoveToAccountWhenAccountDiffers() {
        TicketWork.Result result = apply(assigned(), by(MANAGER, line("#account globex", new TicketChange.MoveToAccount("globex"))));

        assertThat(result.ticket()).isEqualTo(assigned().withAccount("globex"));
        assertThat(result.changes()).containsExactly(change(MANAGER, "account", "acme", "globex"));
    }

    @Test
    void applyShouldRecordAccountWhenTicketHadNone() {
        Ticket noAccount = assigned().withAccount(null);

        TicketWork.Result result = apply(noAccount, by(MANAGER, line("#account acme", new TicketChange.MoveToAccount("acme"))));

        assertThat(result.ticket()).isEqualTo(assigned());
        assertThat(result.changes()).containsExactly(change(MANAGER, "account", null, "acme"));
    }

    // --- whole mail -------------------------------------------------------------------------------

    @Test
    void applyShouldChangeNothingWhenMailHasNoCommands() {
        TicketWork.Result result = apply(assigned(), List.of(DANA), by(MANAGER));

        assertThat(result).isEqualTo(new TicketWork.Result(assigned(), List.of(), List.of(), List.of(), null, false));
    }

    @Test
    void applyShouldReportEveryRefusedLineWhenSeveralAreRefused() {
        Commands commands = by(OTHER,
                line("#priority high", new TicketChange.SetPriority("high")),
                line("#reopen", new TicketChange.Reopen()),
                line("#status new", new TicketChange.SetStatus(NEW)),
                line("#time 30m diagnosis", new TicketChange.WorkUnit(30, "diagnosis")),
                line("#remove zed@acme.test", new TicketChange.RemoveRecipient("zed@acme.test")),
                line("#close solved", new TicketChange.Close("solved", null)));

        CommandsRefused refused = catchThrowableOfType(CommandsRefused.class,
                () -> TicketWork.apply(assigned(), List.of(DANA), commands, NOW));

        assertThat(refused.refusals()).containsExactly(
                new Refusal("#reopen", "the ticket is assigned, not closed; only a closed ticket can be reopened"),
                new Refusal("#status new", "the status map does not allow assigned → new;"
                        + " from assigned a ticket may go to pending-third-party, pending-close, closed"),
                new Refusal("#remove zed@acme.test", "zed@acme.test is not a recipient of the ticket; its recipients are dana@acme.test"),
                new Refusal("#close solved", "only the ticket's manager (alice) or an employee with closeAnyTicket: true may close it"));
        assertThat(refused).hasMessageStartingWith("4 command(s) refused: ");
    }

    @Test
    void applyShouldCheckEachCommandAgainstTicketAsPreviousOnesLeftItWhenOneIsRefusedLater() {
        // #status pending-third-party moved it on, so #status assigned back is allowed; #status new is not.
        List<Refusal> refusals = refusals(assigned(), by(MANAGER,
                line("#status pending-third-party", new TicketChange.SetStatus(PENDING_THIRD_PARTY)),
                line("#status assigned", new TicketChange.SetStatus(ASSIGNED)),
                line("#status new", new TicketChange.SetStatus(NEW))));

        assertThat(refusals).containsExactly(new Refusal("#status new",
                "the status map does not allow assigned → new; from assigned a ticket may go to pending-third-party, pending-close, closed"));
    }

    // --- scheduling -------------------------------------------------------------------------------

    private static final Schedule SLOT = new Schedule(OTHER, Instant.parse("2026-12-01T13:00:00Z"), Instant.parse("2026-12-01T14:30:00Z"),
            "Tue 2026-12-01 14:00–15:30 (Europe/Berlin)");

    @Test
    void scheduleShouldAssignTheTechnicianAndMakeANewTicketAssigned() {
        TicketWork.Result result = TicketWork.apply(ticket(NEW, null), List.of(), null,
                by(MANAGER, line("#schedule bob 2026-12-01 14:00 90m", new TicketChange.ScheduleAt(SLOT))), NOW);

        assertThat(result.ticket().managerId()).isEqualTo(OTHER);
        assertThat(result.ticket().status()).isEqualTo(ASSIGNED);
        assertThat(result.schedule()).isEqualTo(SLOT);
        assertThat(result.scheduleChanged()).isTrue();
        assertThat(result.changes()).containsExactly(change(MANAGER, "manager", null, OTHER),
                change(MANAGER, "status", "new", "assigned"),
                change(MANAGER, "schedule", null, "Tue 2026-12-01 14:00–15:30 (Europe/Berlin), bob"));
    }

    @Test
    void assignShouldMoveTheScheduleToTheNewManager() {
        TicketWork.Result result = TicketWork.apply(ticket(ASSIGNED, OTHER), List.of(), SLOT,
                by(MANAGER, line("#assign alice", new TicketChange.Assign(MANAGER))), NOW);

        assertThat(result.schedule()).isEqualTo(SLOT.withTechnician(MANAGER));
        assertThat(result.changes()).contains(change(MANAGER, "schedule", SLOT.describe(), SLOT.withTechnician(MANAGER).describe()));
    }

    @Test
    void closeShouldDropTheSchedule() {
        TicketWork.Result result = TicketWork.apply(assigned(), List.of(), SLOT.withTechnician(MANAGER),
                by(MANAGER, line("#close", new TicketChange.Close(null, null))), NOW);

        assertThat(result.schedule()).isNull();
        assertThat(result.scheduleChanged()).isTrue();
        assertThat(result.changes()).contains(change(MANAGER, "schedule", SLOT.withTechnician(MANAGER).describe(), null));
    }

    @Test
    void unscheduleShouldBeRefusedWhenTheTicketIsNotScheduled() {
        CommandsRefused refused = catchThrowableOfType(CommandsRefused.class, () -> TicketWork.apply(assigned(), List.of(), null,
                by(MANAGER, line("#unschedule", new TicketChange.Unschedule())), NOW));

        assertThat(refused.refusals()).containsExactly(new Refusal("#unschedule", "the ticket is not scheduled"));
    }

    @Test
    void scheduleShouldBeRefusedOnAClosedTicket() {
        CommandsRefused refused = catchThrowableOfType(CommandsRefused.class, () -> TicketWork.apply(closed(), List.of(), null,
                by(MANAGER, line("#schedule next", new TicketChange.ScheduleAt(SLOT))), NOW));

        assertThat(refused.refusals()).containsExactly(new Refusal("#schedule next",
                "the ticket is closed; #reopen it before scheduling it"));
    }

    @Test
    void unscheduleShouldClearTheSchedule() {
        TicketWork.Result result = TicketWork.apply(assigned(), List.of(), SLOT,
                by(MANAGER, line("#unschedule", new TicketChange.Unschedule())), NOW);

        assertThat(result.schedule()).isNull();
        assertThat(result.changes()).containsExactly(change(MANAGER, "schedule", SLOT.describe(), null));
    }
}
