package org.ticketmail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ticketmail.store.directory.Directory;
import org.ticketmail.store.directory.DirectoryFile;

/** Reading a help desk's CSV export and importing it into a real Derby: {@link TicketImport} and {@link TicketStore#importTickets}. */
class TicketImportTest {
    /** Local times in the file are read in Berlin: 2021-01-21 19:24:19 there is 18:24:19Z. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T10:00:00Z"), ZoneId.of("Europe/Berlin"));
    private static final Directory DIRECTORY = DirectoryFile.parse("""
            employees:
              - {id: alice, name: Alice Tech, addresses: [alice@helpdesk.test]}
              - {id: frank, name: Frank Former, addresses: [frank@helpdesk.test], active: false}
            accounts:
              - {id: acme, name: Acme Corp, domains: [acme.test]}
            """, "conf/directory.yaml");
    private static final String HEADER = "subject,account,contact,manager,status,priority,created,text\n";

    @TempDir
    Path dir;
    Database database;
    TicketCounter counter;
    TicketStore store;
    TicketImport reader;

    @BeforeEach
    void open() {
        database = Database.openDerby(dir.resolve("derby"));
        counter = new TicketCounter(database, CLOCK, 1000);
        store = new TicketStore(database, CLOCK, counter);
        reader = new TicketImport(DIRECTORY, CLOCK);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private TicketImport.Checked check(String csv) {
        return reader.check(csv.getBytes(StandardCharsets.UTF_8));
    }

    private TicketImport.Outcome apply(String csv) {
        return store.importTickets(check(csv), "import-tickets tickets.csv");
    }

    /** The one reason reported for the only data row of a file with this header and row. */
    private TicketImport.BadRow onlyBadRow(String csv) {
        TicketImport.Checked checked = check(csv);
        assertThat(checked.rows()).isEmpty();
        assertThat(checked.bad()).hasSize(1);
        return checked.bad().get(0);
    }

    @Test
    void importShouldNumberTicketsFromTheCounterAndRecordTheRowAsTheFirstHistoryEntry() {
        TicketImport.Outcome outcome = apply(HEADER
                + "Printer broken,acme,Dana@Acme.test,alice,assigned,high,2021-01-21 19:24:19,It prints nothing.\n"
                + "VPN down,,,,,,2021-02-01,\n");

        assertThat(outcome.imported()).containsExactly(new TicketImport.Imported(2, "2101-1000"), new TicketImport.Imported(3, "2102-1001"));
        assertThat(outcome.skippedLines()).isEmpty();
        assertThat(counter.next()).isEqualTo(1002);
        Ticket printer = store.ticket("2101-1000").orElseThrow();
        assertThat(printer).isEqualTo(new Ticket("2101-1000", "Printer broken", "acme", "dana@acme.test", "alice", TicketStatus.ASSIGNED,
                "high", false, Instant.parse("2021-01-21T18:24:19Z"), Instant.parse("2021-01-21T18:24:19Z"), null, null, false, null,
                null, 0));
        assertThat(store.recipients("2101-1000")).containsExactly(Recipient.external("dana@acme.test", RecipientKind.TO));
        HistoryEntry entry = store.history("2101-1000").get(0);
        assertThat(store.history("2101-1000")).hasSize(1);
        assertThat(entry.at()).isEqualTo(Instant.parse("2021-01-21T18:24:19Z"));
        assertThat(entry.direction()).isEqualTo(Direction.IN);
        assertThat(entry.isPublic()).isTrue();
        assertThat(entry.sender()).isEqualTo("dana@acme.test");
        assertThat(entry.subject()).isEqualTo("Printer broken");
        assertThat(entry.text()).isEqualTo("It prints nothing.");
        assertThat(entry.note()).isEqualTo("imported from import-tickets tickets.csv line 2");
        assertThat(entry.messageId()).isNull();
    }

    @Test
    void aRowWithOnlyASubjectShouldBeANewNormalTicketCreatedAtTheImportFromImport() {
        apply("subject\nVPN down\n");

        Ticket vpn = store.ticket("2611-1000").orElseThrow();
        assertThat(vpn.status()).isEqualTo(TicketStatus.NEW);
        assertThat(vpn.priority()).isEqualTo("normal");
        assertThat(vpn.createdAt()).isEqualTo(CLOCK.instant());
        assertThat(vpn.accountId()).isNull();
        assertThat(vpn.contactAddress()).isNull();
        assertThat(vpn.managerId()).isNull();
        assertThat(store.recipients("2611-1000")).isEmpty();
        HistoryEntry entry = store.history("2611-1000").get(0);
        assertThat(entry.sender()).isEqualTo("import");
        assertThat(entry.text()).isEmpty();
    }

    @Test
    void aClosedRowShouldBeClosedWithoutResolution() {
        apply("status,subject\nclosed,Old request\n");

        Ticket closed = store.ticket("2611-1000").orElseThrow();
        assertThat(closed.status()).isEqualTo(TicketStatus.CLOSED);
        assertThat(closed.resolution()).isNull();
        assertThat(closed.locked()).isFalse();
    }

    @Test
    void columnsShouldBeReadInAnyOrder() {
        TicketImport.Checked checked = check("text,priority,subject\nIt is slow.,urgent,Mail slow\n");

        assertThat(checked.bad()).isEmpty();
        TicketImport.Row row = checked.rows().get(0);
        assertThat(row.subject()).isEqualTo("Mail slow");
        assertThat(row.priority()).isEqualTo("urgent");
        assertThat(row.text()).isEqualTo("It is slow.");
    }

    @Test
    void quotedFieldsShouldKeepTheirCommasQuotesAndLineBreaks() {
        apply(HEADER + "\"Printer, 2nd floor\",acme,dana@acme.test,,,,,\"It says \"\"paper jam\"\",\r\nthen nothing.\r\n\r\nDana\"\r\n");

        assertThat(store.ticket("2611-1000").orElseThrow().subject()).isEqualTo("Printer, 2nd floor");
        assertThat(store.history("2611-1000").get(0).text()).isEqualTo("It says \"paper jam\",\nthen nothing.\n\nDana");
    }

    @Test
    void createdShouldBeReadAsDateLocalTimeInTheZoneOffsetOrInstant() {
        TicketImport.Checked checked = check("subject,created\n"
                + "a,2021-01-21\n"
                + "b,2021-01-21 19:24:19\n"
                + "c,2021-01-21T19:24\n"
                + "d,2021-01-21T19:24:19+05:00\n"
                + "e,2021-01-21T19:24:19Z\n");

        assertThat(checked.bad()).isEmpty();
        assertThat(checked.rows()).extracting(TicketImport.Row::created).containsExactly(Instant.parse("2021-01-20T23:00:00Z"),
                Instant.parse("2021-01-21T18:24:19Z"), Instant.parse("2021-01-21T18:24:00Z"), Instant.parse("2021-01-21T14:24:19Z"),
                Instant.parse("2021-01-21T19:24:19Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ' ,acme,,,,,,'                 | subject is empty; every ticket needs one
            'a,initech,,,,,,'              | account 'initech' is not an account id of conf/directory.yaml; add it there or leave account empty
            'a,,dana at acme.test,,,,,'    | contact 'dana at acme.test' is not a mail address, e.g. dana@acme.example
            'a,,,zed,,,,'                  | manager 'zed' is not an employee id of conf/directory.yaml; add the employee there or leave manager empty
            'a,,,,open,,,'                 | status 'open' is not a status; statuses are new, assigned, pending-third-party, pending-close, unconfirmed, closed, reopened
            'a,,,,,critical,,'             | priority 'critical' is not a priority; priorities are low, normal, high, urgent
            'a,,,,,,21/01/2021,'           | created '21/01/2021' is not a date or time; write 2021-01-21, 2021-01-21 19:24:19 (read in Europe/Berlin) or 2021-01-21T19:24:19Z
            'a,,,,,,2026-11-05 11:00:01,'  | created '2026-11-05 11:00:01' is in the future
            'a,,,,,,,,'                    | it has 9 fields where the header has 8
            'a,,,'                         | it has 4 fields where the header has 8
            """)
    void aBadRowShouldBeReportedWithItsLineAndReason(String row, String reason) {
        assertThat(onlyBadRow(HEADER + row + "\n")).isEqualTo(new TicketImport.BadRow(2, reason));
    }

    @Test
    void everythingWrongWithARowShouldBeReportedTogether() {
        assertThat(onlyBadRow(HEADER + "a,initech,,,open,,,\n")).isEqualTo(new TicketImport.BadRow(2,
                "account 'initech' is not an account id of conf/directory.yaml; add it there or leave account empty; status 'open' is"
                        + " not a status; statuses are new, assigned, pending-third-party, pending-close, unconfirmed, closed, reopened"));
    }

    @Test
    void aFormerEmployeeShouldStillBeAManager() {
        assertThat(check(HEADER + "a,,,frank,,,,\n").bad()).isEmpty();
    }

    @Test
    void everyBadRowShouldBeReportedWithTheLineItStartsOnAfterMultiLineFields() {
        TicketImport.Checked checked = check(HEADER
                + "Good one,,,,,,,\"first line\nsecond line\nthird line\"\n"  // lines 2-4
                + "Bad status,,,,open,,,\n"                                   // line 5
                + "\n"                                                         // line 6: blank, skipped
                + "Bad manager,,,zed,,,,\"two\nlines\"\n"                      // lines 7-8
                + "Bad priority,,,,,critical,,\n");                           // line 9

        assertThat(checked.count()).isEqualTo(4);
        assertThat(checked.rows()).extracting(TicketImport.Row::line).containsExactly(2);
        assertThat(checked.bad()).extracting(TicketImport.BadRow::line).containsExactly(5, 7, 9);
        assertThat(checked.bad().get(1).reason()).isEqualTo("manager 'zed' is not an employee id of conf/directory.yaml; add the"
                + " employee there or leave manager empty");
    }

    @Test
    void theSameRowTwiceShouldBeABadRow() {
        assertThat(check(HEADER + "a,acme,,,,,2021-01-21,x\nb,,,,,,,\n a ,acme,,,,,2021-01-21,x\n").bad())
                .containsExactly(new TicketImport.BadRow(4, "the same ticket as line 2; a file holds each ticket once"));
    }

    @Test
    void anUnknownColumnShouldRefuseTheFile() {
        assertThatThrownBy(() -> check("Subject,contact,notes\nx,,\n")).isInstanceOf(TicketImport.FileException.class)
                .hasMessage("line 1, the header: 'Subject', 'notes' are not columns; there is no subject column, which every ticket"
                        + " needs. The columns are subject, account, contact, manager, status, priority, created, text, in any order,"
                        + " each at most once");
    }

    @Test
    void aColumnNamedTwiceShouldRefuseTheFile() {
        assertThatThrownBy(() -> check("subject,text,text\nx,,\n")).isInstanceOf(TicketImport.FileException.class)
                .hasMessage("line 1, the header: 'text' is named twice. The columns are subject, account, contact, manager, status,"
                        + " priority, created, text, in any order, each at most once");
    }

    @Test
    void aFileWithoutSubjectColumnShouldBeRefused() {
        assertThatThrownBy(() -> check("contact,text\ndana@acme.test,hi\n")).isInstanceOf(TicketImport.FileException.class)
                .hasMessage("line 1, the header: there is no subject column, which every ticket needs. The columns are subject,"
                        + " account, contact, manager, status, priority, created, text, in any order, each at most once");
    }

    @Test
    void anEmptyFileShouldBeRefused() {
        assertThatThrownBy(() -> check("\n\n")).isInstanceOf(TicketImport.FileException.class)
                .hasMessage("the file is empty; its first line names the columns, e.g. subject,account,contact,manager,status,priority,"
                        + "created,text");
    }

    @Test
    void anUnclosedQuoteShouldRefuseTheFileNamingTheLineItOpensOn() {
        assertThatThrownBy(() -> check("subject,text\na,b\nc,\"never closed\nd,e\n")).isInstanceOf(TicketImport.FileException.class)
                .hasMessage("line 3: a quoted field is not closed before the end of the file; a field with a comma, a double quote or a"
                        + " line break is written in double quotes, each double quote inside it doubled");
    }

    @Test
    void aFileThatIsNotUtf8ShouldBeRefusedNamingTheLine() {
        byte[] latin1 = "subject\nok\nCaf\u00e9 machine\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> reader.check(latin1)).isInstanceOf(TicketImport.FileException.class)
                .hasMessage("line 3 is not UTF-8 text; save the file as CSV UTF-8");
    }

    @Test
    void aByteOrderMarkShouldNotBeTakenForPartOfTheFirstColumn() {
        TicketImport.Checked checked = check("\uFEFFsubject,text\nCaf\u00e9 machine,\u00e9\n");

        assertThat(checked.bad()).isEmpty();
        assertThat(checked.rows().get(0).subject()).isEqualTo("Caf\u00e9 machine");
    }

    @Test
    void aSubjectLongerThanTheStoreKeepsShouldBeCut() {
        apply("subject\n" + "x".repeat(2500) + "\n");

        assertThat(store.ticket("2611-1000").orElseThrow().subject()).hasSize(2000);
    }

    @Test
    void aDryRunShouldWriteNothing() {
        TicketImport.Outcome preview = store.previewImport(check(HEADER + "a,,,,,,,\nb,,,,,,,\n"));

        assertThat(preview.imported()).containsExactly(new TicketImport.Imported(2, null), new TicketImport.Imported(3, null));
        assertThat(store.countTickets()).isZero();
        assertThat(counter.next()).isEqualTo(1000);
    }

    @Test
    void applyingAFileWithABadRowShouldWriteNothing() {
        TicketImport.Checked checked = check(HEADER + "a,,,,,,,\nb,,,,open,,,\n");

        assertThatThrownBy(() -> store.importTickets(checked, "import-tickets tickets.csv")).isInstanceOf(StoreException.class)
                .hasMessage("refusing to import import-tickets tickets.csv: 1 of its 2 rows are bad; fix them and run it again");
        assertThat(store.countTickets()).isZero();
        assertThat(counter.next()).isEqualTo(1000);
    }

    @Test
    void aRowTheDatabaseRefusesShouldUndoTheRowsBeforeIt() {
        // An account id longer than the column: a row that passed the checks yet fails to insert, after one that did.
        TicketImport.Row good = check("subject\nfine\n").rows().get(0);
        TicketImport.Row tooLong = new TicketImport.Row(3, "too long", "a".repeat(200), null, null, TicketStatus.NEW, "normal",
                CLOCK.instant(), "", "import:too-long");

        assertThatThrownBy(() -> store.importTickets(new TicketImport.Checked(List.of(good, tooLong), List.of()), "import-tickets t.csv"))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.countTickets()).isZero();
        assertThat(counter.next()).isEqualTo(1000);
    }

    @Test
    void applyingTheSameFileAgainShouldSkipTheRowsImportedBefore() {
        String first = HEADER + "a,acme,,,,,2021-01-21,x\n";
        apply(first);

        TicketImport.Outcome again = apply(HEADER + "b,,,,,,,\n" + "a,acme,,,,,2021-01-21,x\n");

        assertThat(again.skippedLines()).containsExactly(3);
        assertThat(again.imported()).containsExactly(new TicketImport.Imported(2, "2611-1001"));
        assertThat(store.countTickets()).isEqualTo(2);
        assertThat(store.previewImport(check(first)).skippedLines()).containsExactly(2);
    }

    @Test
    void reorderedColumnsShouldStillBeRecognisedAsImportedBefore() {
        apply("subject,priority,created\na,high,2021-01-21\n");

        TicketImport.Outcome again = apply("created,subject,priority,text\n2021-01-21,a,High,\n");

        assertThat(again.skippedLines()).containsExactly(2);
        assertThat(store.countTickets()).isEqualTo(1);
    }
}
