package org.ticketmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ticketmail.store.Commands;
import org.ticketmail.store.CommandsRefused.Refusal;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.StatusMap;
import org.ticketmail.store.TicketChange;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.directory.Employee;

class CommandReaderTest {
    static final CommandReader READER = new CommandReader(Fixtures.DIRECTORY, StatusMap.defaults());
    static final Employee ALICE = Fixtures.DIRECTORY.employee("alice").orElseThrow();
    static final String ACTIVE_EMPLOYEES = "alice, bob, carol, dave, erin, gina, hal, ivy";
    static final String STATUSES = "new, assigned, pending-third-party, pending-close, unconfirmed, closed, reopened";
    static final String TIME_USAGE = "#time takes a duration such as 30m, 1h or 1h15m, then optionally what was done,"
            + " e.g. #time 45m replaced the toner";

    /** The one change {@code line} asks for, sent by alice; fails if it was refused. */
    private static TicketChange change(String line) {
        CommandReader.Read read = READER.read(List.of(line), ALICE);
        assertThat(read.refusals()).isEmpty();
        assertThat(read.changes()).hasSize(1);
        assertThat(read.changes().get(0).line()).isEqualTo(line);
        return read.changes().get(0).change();
    }

    /** Why {@code line}, sent by alice, was refused; fails if it was not. */
    private static String refusal(String line) {
        CommandReader.Read read = READER.read(List.of(line), ALICE);
        assertThat(read.changes()).isEmpty();
        assertThat(read.refusals()).hasSize(1);
        assertThat(read.refusals().get(0).line()).isEqualTo(line);
        return read.refusals().get(0).reason();
    }

    // split

    @Test
    void splitShouldTakeTheCommandLinesAtTheTop() {
        CommandReader.Split split = CommandReader.split("#close solved\n#priority high\nThanks, all done.\n");

        assertThat(split).isEqualTo(new CommandReader.Split(List.of("#close solved", "#priority high"), "Thanks, all done.\n"));
    }

    @Test
    void splitShouldSkipBlankLinesBeforeAndBetweenCommands() {
        CommandReader.Split split = CommandReader.split("\n  \n#lock\n\n\t#done  \n\nBye");

        assertThat(split).isEqualTo(new CommandReader.Split(List.of("#lock", "#done"), "Bye"));
    }

    @Test
    void splitShouldStopAtTheFirstLineOfText() {
        CommandReader.Split split = CommandReader.split("#lock\nHello\n#done\n");

        assertThat(split).isEqualTo(new CommandReader.Split(List.of("#lock"), "Hello\n#done\n"));
    }

    @Test
    void splitShouldReturnTextWithoutCommandsWhole() {
        String text = "Hello,\r\n\r\nthe printer works again.\r\n";

        assertThat(CommandReader.split(text)).isEqualTo(new CommandReader.Split(List.of(), text));
    }

    @Test
    void splitShouldTakeHashLineAfterTextAsText() {
        String text = "Thanks!\n#close\n";

        assertThat(CommandReader.split(text)).isEqualTo(new CommandReader.Split(List.of(), text));
    }

    @Test
    void splitShouldNotTakeHashAndNumberAsCommand() {
        String text = "#1 priority is the printer\n";

        assertThat(CommandReader.split(text)).isEqualTo(new CommandReader.Split(List.of(), text));
    }

    @Test
    void splitShouldReadCrlfText() {
        CommandReader.Split split = CommandReader.split("#close\r\n\r\n#lock\r\nFixed.\r\nBye\r\n");

        assertThat(split).isEqualTo(new CommandReader.Split(List.of("#close", "#lock"), "Fixed.\nBye\n"));
    }

    @Test
    void splitShouldLeaveEmptyRestWhenTextIsOnlyCommands() {
        assertThat(CommandReader.split("#close\n\n")).isEqualTo(new CommandReader.Split(List.of("#close"), ""));
    }

    // read: what all commands share

    @Test
    void readShouldKeepEachLineWithItsChangeInOrder() {
        CommandReader.Read read = READER.read(List.of("#lock", "#priority high"), ALICE);

        assertThat(read).isEqualTo(new CommandReader.Read(List.of(new Commands.Requested("#lock", new TicketChange.Lock(true)),
                new Commands.Requested("#priority high", new TicketChange.SetPriority("high"))), Optional.empty(), List.of(), List.of()));
    }

    @Test
    void readShouldRefuseOnlyTheWrongLinesAndReadTheOthers() {
        CommandReader.Read read = READER.read(List.of("#lock", "#status nonsense", "#done"), ALICE);

        assertThat(read.changes()).containsExactly(new Commands.Requested("#lock", new TicketChange.Lock(true)),
                new Commands.Requested("#done", new TicketChange.Inbox(false)));
        assertThat(read.refusals()).containsExactly(new Refusal("#status nonsense",
                "'nonsense' is not a status; statuses are " + STATUSES));
    }

    @Test
    void readShouldRefuseLineThatIsNotACommand() {
        assertThat(refusal("close the ticket")).isEqualTo("a command is # and a word, e.g. #assign alice");
    }

    @Test
    void readShouldRefuseUnknownWordListingTheCommands() {
        assertThat(refusal("#frobnicate now")).isEqualTo("#frobnicate is not a command; commands are #assign, #status, #priority,"
                + " #close, #reopen, #lock, #unlock, #internal, #public, #subscribe, #unsubscribe, #add, #remove, #inbox, #done,"
                + " #account, #time, #schedule, #unschedule");
    }

    @Test
    void readShouldReadCommandWordsInAnyCase() {
        CommandReader.Read read = READER.read(List.of("#ASSIGN bob", "#Lock", "#StAtUs Pending-Close"), ALICE);

        assertThat(read.refusals()).isEmpty();
        assertThat(read.changes()).extracting(Commands.Requested::change).containsExactly(new TicketChange.Assign("bob"),
                new TicketChange.Lock(true), new TicketChange.SetStatus(TicketStatus.PENDING_CLOSE));
    }

    // #assign

    @Test
    void readShouldAssignActiveEmployee() {
        assertThat(change("#assign bob")).isEqualTo(new TicketChange.Assign("bob"));
    }

    @Test
    void readShouldRefuseAssigningUnknownEmployeeListingActiveOnes() {
        assertThat(refusal("#assign zed")).isEqualTo("'zed' is not an active employee of conf/directory.yaml; employees are "
                + ACTIVE_EMPLOYEES);
    }

    @Test
    void readShouldRefuseAssigningInactiveEmployee() {
        assertThat(refusal("#assign frank")).isEqualTo("'frank' is not an active employee of conf/directory.yaml; employees are "
                + ACTIVE_EMPLOYEES);
    }

    @Test
    void readShouldRefuseAssignWithoutEmployee() {
        assertThat(refusal("#assign")).isEqualTo("#assign takes one word: an employee id, e.g. #assign alice");
    }

    @Test
    void readShouldRefuseAssignWithTwoWords() {
        assertThat(refusal("#assign bob carol")).isEqualTo("#assign takes one word: an employee id, e.g. #assign alice");
    }

    // #status

    @Test
    void readShouldSetValidStatus() {
        assertThat(change("#status pending-third-party")).isEqualTo(new TicketChange.SetStatus(TicketStatus.PENDING_THIRD_PARTY));
    }

    @Test
    void readShouldRefuseUnknownStatusListingTheStatuses() {
        assertThat(refusal("#status waiting")).isEqualTo("'waiting' is not a status; statuses are " + STATUSES);
    }

    @Test
    void readShouldRefuseStatusWithoutName() {
        assertThat(refusal("#status")).isEqualTo("#status takes one word: a status: " + STATUSES);
    }

    // #priority

    @Test
    void readShouldSetPriorityInLowerCase() {
        assertThat(change("#priority Urgent")).isEqualTo(new TicketChange.SetPriority("urgent"));
    }

    @Test
    void readShouldRefuseUnknownPriorityListingThePriorities() {
        assertThat(refusal("#priority asap")).isEqualTo("'asap' is not a priority; priorities are low, normal, high, urgent");
    }

    @Test
    void readShouldRefusePriorityWithoutValue() {
        assertThat(refusal("#priority")).isEqualTo("#priority takes one word: a priority: low, normal, high, urgent");
    }

    // #close

    @Test
    void readShouldCloseWithResolutionAndEpilogue() {
        assertThat(change("#close Solved replaced the  toner")).isEqualTo(new TicketChange.Close("solved", "replaced the  toner"));
    }

    @Test
    void readShouldCloseWithResolutionOnly() {
        assertThat(change("#close duplicate")).isEqualTo(new TicketChange.Close("duplicate", null));
    }

    @Test
    void readShouldCloseWithEpilogueOnlyWhenFirstWordIsNoResolution() {
        assertThat(change("#close replaced the toner")).isEqualTo(new TicketChange.Close(null, "replaced the toner"));
    }

    @Test
    void readShouldCloseBare() {
        assertThat(change("#close")).isEqualTo(new TicketChange.Close(null, null));
    }

    // commands without arguments

    @Test
    void readShouldReopen() {
        assertThat(change("#reopen")).isEqualTo(new TicketChange.Reopen());
    }

    @Test
    void readShouldLock() {
        assertThat(change("#lock")).isEqualTo(new TicketChange.Lock(true));
    }

    @Test
    void readShouldUnlock() {
        assertThat(change("#unlock")).isEqualTo(new TicketChange.Lock(false));
    }

    @Test
    void readShouldPutInInbox() {
        assertThat(change("#inbox")).isEqualTo(new TicketChange.Inbox(true));
    }

    @Test
    void readShouldTakeOutOfInboxWithDone() {
        assertThat(change("#done")).isEqualTo(new TicketChange.Inbox(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"reopen", "lock", "unlock", "inbox", "done", "internal", "public", "subscribe", "unsubscribe"})
    void readShouldRefuseArgumentsToCommandThatTakesNone(String word) {
        assertThat(refusal("#" + word + " please")).isEqualTo("#" + word + " takes nothing after it");
    }

    // #internal and #public

    @Test
    void readShouldMakeMailInternalWithoutAChange() {
        CommandReader.Read read = READER.read(List.of("#internal"), ALICE);

        assertThat(read).isEqualTo(new CommandReader.Read(List.of(), Optional.of(false), List.of("#internal"), List.of()));
    }

    @Test
    void readShouldMakeMailPublicWithoutAChange() {
        CommandReader.Read read = READER.read(List.of("#Public"), ALICE);

        assertThat(read).isEqualTo(new CommandReader.Read(List.of(), Optional.of(true), List.of("#Public"), List.of()));
    }

    @Test
    void readShouldLeaveMailAsItIsWhenInternalIsRefused() {
        CommandReader.Read read = READER.read(List.of("#internal please"), ALICE);

        assertThat(read.makePublic()).isEmpty();
        assertThat(read.mailLines()).isEmpty();
    }

    // #subscribe and #unsubscribe

    @Test
    void readShouldSubscribeTheSenderAtTheirPrimaryAddress() {
        assertThat(change("#subscribe")).isEqualTo(new TicketChange.AddRecipient(Recipient.employee("alice", "alice@helpdesk.test")));
    }

    @Test
    void readShouldUnsubscribeTheSendersPrimaryAddress() {
        assertThat(change("#unsubscribe")).isEqualTo(new TicketChange.RemoveRecipient("alice@helpdesk.test"));
    }

    // #add

    @Test
    void readShouldAddExternalAddressWithKind() {
        assertThat(change("#add Ed@Example.com cc")).isEqualTo(new TicketChange.AddRecipient(Recipient.external("ed@example.com",
                RecipientKind.CC)));
    }

    @Test
    void readShouldAddExternalAddressAsToByDefault() {
        assertThat(change("#add ed@example.com")).isEqualTo(new TicketChange.AddRecipient(Recipient.external("ed@example.com",
                RecipientKind.TO)));
    }

    @Test
    void readShouldAddAddressInAngleBrackets() {
        assertThat(change("#add <ed@example.com> BCC")).isEqualTo(new TicketChange.AddRecipient(Recipient.external("ed@example.com",
                RecipientKind.BCC)));
    }

    @Test
    void readShouldAddEmployeeAddressAsEmployeeRecipientAtPrimaryAddress() {
        assertThat(change("#add alice.mobile@example.test cc")).isEqualTo(new TicketChange.AddRecipient(
                Recipient.employee("alice", "alice@helpdesk.test")));
    }

    @Test
    void readShouldRefuseAddingAddressSharedByEmployees() {
        assertThat(refusal("#add desk@helpdesk.test")).isEqualTo("desk@helpdesk.test is shared by several employees; add one of them"
                + " by their own address");
    }

    @Test
    void readShouldRefuseAddWithUnknownKind() {
        assertThat(refusal("#add ed@example.com reply-to")).isEqualTo("'reply-to' is not to, cc or bcc");
    }

    @Test
    void readShouldRefuseAddingWordThatIsNoAddress() {
        assertThat(refusal("#add ed")).isEqualTo("'ed' is not a mail address that can be delivered to, e.g. ed@example.com");
    }

    @Test
    void readShouldRefuseAddingUndeliverableAddress() {
        assertThat(refusal("#add taro..yamada@docomo.ne.jp")).isEqualTo("'taro..yamada@docomo.ne.jp' is not a mail address that can"
                + " be delivered to, e.g. ed@example.com");
    }

    @Test
    void readShouldRefuseAddWithoutAddress() {
        assertThat(refusal("#add")).isEqualTo("#add takes an address and optionally to, cc or bcc, e.g. #add ed@example.com cc");
    }

    @Test
    void readShouldRefuseAddWithThreeWords() {
        assertThat(refusal("#add ed@example.com cc now")).isEqualTo("#add takes an address and optionally to, cc or bcc,"
                + " e.g. #add ed@example.com cc");
    }

    // #remove

    @Test
    void readShouldRemoveEmployeeBySecondAddressAsTheirPrimaryAddress() {
        assertThat(change("#remove alice.mobile@example.test")).isEqualTo(new TicketChange.RemoveRecipient("alice@helpdesk.test"));
    }

    @Test
    void readShouldRemoveExternalAddressLowerCased() {
        assertThat(change("#remove Ed@Gmail.test")).isEqualTo(new TicketChange.RemoveRecipient("ed@gmail.test"));
    }

    @Test
    void readShouldRefuseRemoveWithoutAddress() {
        assertThat(refusal("#remove")).isEqualTo("#remove takes one word: an address, e.g. #remove ed@example.com");
    }

    // #account

    @Test
    void readShouldMoveToKnownAccount() {
        assertThat(change("#account globex")).isEqualTo(new TicketChange.MoveToAccount("globex"));
    }

    @Test
    void readShouldRefuseUnknownAccountListingTheAccounts() {
        assertThat(refusal("#account initech")).isEqualTo("'initech' is not an account of conf/directory.yaml; accounts are acme, globex");
    }

    // #time

    @Test
    void readShouldReportMinutes() {
        assertThat(change("#time 30m")).isEqualTo(new TicketChange.WorkUnit(30, null));
        assertThat(change("#time 1h 30m replaced the fuser")).isEqualTo(new TicketChange.WorkUnit(90, "replaced the fuser"));
    }

    @Test
    void readShouldReportAnHour() {
        assertThat(change("#time 1h")).isEqualTo(new TicketChange.WorkUnit(60, null));
    }

    @Test
    void readShouldReportHoursAndMinutes() {
        assertThat(change("#time 1h15m")).isEqualTo(new TicketChange.WorkUnit(75, null));
    }

    @Test
    void readShouldReportMoreThanSixtyMinutes() {
        assertThat(change("#time 90m")).isEqualTo(new TicketChange.WorkUnit(90, null));
    }

    @Test
    void readShouldReportMinutesWrittenAsMinInAnyCase() {
        assertThat(change("#time 1H15Min")).isEqualTo(new TicketChange.WorkUnit(75, null));
    }

    @Test
    void readShouldReportTwentyFourHours() {
        assertThat(change("#time 24h")).isEqualTo(new TicketChange.WorkUnit(1440, null));
    }

    @Test
    void readShouldReportWhatWasDone() {
        assertThat(change("#time 45m replaced the toner")).isEqualTo(new TicketChange.WorkUnit(45, "replaced the toner"));
    }

    @Test
    void readShouldRefuseZeroMinutes() {
        assertThat(refusal("#time 0m")).isEqualTo("'0m' is not between 1 minute and 24 hours; report longer work as several units");
    }

    @Test
    void readShouldRefuseMoreThanADay() {
        assertThat(refusal("#time 25h")).isEqualTo("'25h' is not between 1 minute and 24 hours; report longer work as several units");
    }

    @Test
    void readShouldRefuseTimeWithoutDuration() {
        assertThat(refusal("#time")).isEqualTo(TIME_USAGE);
    }

    @Test
    void readShouldRefuseDurationWithoutUnit() {
        assertThat(refusal("#time 45")).isEqualTo(TIME_USAGE);
    }

    @Test
    void readShouldRefuseTextInsteadOfDuration() {
        assertThat(refusal("#time replaced the toner")).isEqualTo(TIME_USAGE);
    }

    // #schedule

    /** A planner that grants every slot as asked (explicit) or at a fixed time (next), noting what it was asked. */
    private static final java.util.List<String> ASKED = new java.util.ArrayList<>();
    private static final CommandReader SCHEDULING = new CommandReader(Fixtures.DIRECTORY, StatusMap.defaults(), (technician, at, length) -> {
        ASKED.add(technician.id() + " " + at.map(Object::toString).orElse("next") + " " + length.toMinutes());
        java.time.Instant start = at.map(t -> t.toInstant(java.time.ZoneOffset.UTC)).orElse(java.time.Instant.parse("2026-12-01T09:00:00Z"));
        return new org.ticketmail.store.Schedule(technician.id(), start, start.plus(length), "slot");
    });

    private static String asked(String line, String managerId) {
        ASKED.clear();
        CommandReader.Read read = SCHEDULING.read(List.of(line), ALICE, managerId);
        assertThat(read.refusals()).isEmpty();
        assertThat(read.changes()).singleElement().extracting(Commands.Requested::change).isInstanceOf(TicketChange.ScheduleAt.class);
        return String.join("; ", ASKED);
    }

    private static String scheduleRefusal(String line) {
        CommandReader.Read read = SCHEDULING.read(List.of(line), ALICE, "alice");
        assertThat(read.refusals()).hasSize(1);
        return read.refusals().get(0).reason();
    }

    @Test
    void readShouldPlanAnExplicitSlotForTheManager() {
        assertThat(asked("#schedule 2026-12-01 14:00 90m", "dave")).isEqualTo("dave 2026-12-01T14:00 90");
    }

    @Test
    void readShouldPlanTheNextSlotOfOneHourByDefault() {
        assertThat(asked("#schedule next", "alice")).isEqualTo("alice next 60");
        assertThat(asked("#schedule next 2h", "alice")).isEqualTo("alice next 120");
        assertThat(asked("#schedule 2026-12-01 9:30", "alice")).isEqualTo("alice 2026-12-01T09:30 60");
    }

    @Test
    void readShouldPlanForTheNamedTechnician() {
        assertThat(asked("#schedule dave 2026-12-01 14:00 1h30m", "alice")).isEqualTo("dave 2026-12-01T14:00 90");
        assertThat(asked("#schedule dave next", "alice")).isEqualTo("dave next 60");
    }

    @Test
    void readShouldPlanForTheSenderWhenTheTicketHasNoManager() {
        assertThat(asked("#schedule next", null)).isEqualTo("alice next 60");
    }

    @Test
    void readShouldPlanForTheManagerAnEarlierAssignNamed() {
        ASKED.clear();
        CommandReader.Read read = SCHEDULING.read(List.of("#assign dave", "#schedule next"), ALICE, "alice");

        assertThat(read.refusals()).isEmpty();
        assertThat(ASKED).containsExactly("dave next 60");
    }

    @Test
    void readShouldRefuseAnEmployeeWhoIsNoTechnician() {
        assertThat(scheduleRefusal("#schedule bob next")).isEqualTo("'bob' is not an active technician of conf/directory.yaml"
                + " (technician: true); technicians are alice, dave; name one first, e.g. #schedule alice next");
    }

    @Test
    void readShouldRefuseScheduleWithoutATime() {
        assertThat(scheduleRefusal("#schedule tomorrow")).isEqualTo("#schedule takes a date and time or next, then optionally a"
                + " duration, and optionally a technician id first: #schedule 2026-12-01 14:00 90m, #schedule next 2h,"
                + " #schedule alice next");
    }

    @Test
    void readShouldRefuseAnImpossibleDate() {
        assertThat(scheduleRefusal("#schedule 2026-02-30 14:00")).isEqualTo("'2026-02-30 14:00' is not a date and time such as"
                + " 2026-12-01 14:00");
    }

    @Test
    void readShouldRefuseABadDuration() {
        assertThat(scheduleRefusal("#schedule next 90x")).startsWith("'90x' is not a duration such as 30m, 1h or 1h30m;");
        assertThat(scheduleRefusal("#schedule next 25h")).isEqualTo("'25h' is not between 1 minute and 24 hours");
    }

    @Test
    void readShouldPassOnWhyThePlannerRefusedASlot() {
        CommandReader busy = new CommandReader(Fixtures.DIRECTORY, StatusMap.defaults(), (technician, at, length) -> {
            throw new IllegalArgumentException("alice is not free then");
        });

        assertThat(busy.read(List.of("#schedule next"), ALICE, "alice").refusals()).containsExactly(
                new Refusal("#schedule next", "alice is not free then"));
    }

    @Test
    void readShouldRefuseScheduleWhereSchedulingIsNotSetUp() {
        assertThat(refusal("#schedule next")).isEqualTo("scheduling is not set up on this gateway");
    }

    @Test
    void readShouldTakeUnscheduleWithoutArguments() {
        assertThat(change("#unschedule")).isEqualTo(new TicketChange.Unschedule());
        assertThat(refusal("#unschedule now")).isEqualTo("#unschedule takes nothing after it");
    }
}
