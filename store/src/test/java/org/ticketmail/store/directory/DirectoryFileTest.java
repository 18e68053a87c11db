package org.ticketmail.store.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryFileTest {
    private static final String SAMPLE = """
            employees:
              - id: alice
                name: Alice Tech
                addresses: [Alice@Helpdesk.test, alice.mobile@example.test]
                recipientOption: ALL
              - id: bob
                name: Bob Manager
                addresses: [bob@helpdesk.test, shared@helpdesk.test]
              - id: carol
                name: Carol Gone
                addresses: [carol@helpdesk.test, shared@helpdesk.test]
                active: false
                emailPrivilege: false
            accounts:
              - id: acme
                name: Acme Corp
                domains: [acme.test]
                accountManager: bob
                defaultTicketManager: alice
                contacts:
                  - {name: Dana Customer, address: dana@acme.test, main: true}
                  - {name: Ed Elsewhere, address: ed@gmail.test}
            """;

    @Test
    void parseShouldReadEmployeesWithDefaults() {
        Directory d = DirectoryFile.parse(SAMPLE, "conf/directory.yaml");

        Employee bob = d.employee("bob").orElseThrow();
        assertThat(bob.active()).isTrue();
        assertThat(bob.emailPrivilege()).isTrue();
        assertThat(bob.recipientOption()).isEqualTo(RecipientOption.MANAGER);
        assertThat(d.activeEmployeeByAddress("ALICE@helpdesk.test")).map(Employee::id).contains("alice");
    }

    @Test
    void employeeShouldNotBeIdentifiedByAddressSharedWithAnother() {
        Directory d = DirectoryFile.parse(SAMPLE, "conf/directory.yaml");

        assertThat(d.activeEmployeeByAddress("shared@helpdesk.test")).isEmpty();
        assertThat(d.activeEmployeeByAddress("carol@helpdesk.test")).isEmpty();
        assertThat(d.isEmployeeAddress("carol@helpdesk.test")).isTrue();
    }

    @Test
    void addressListedTwiceByOneEmployeeShouldStillIdentifyThem() {
        Directory d = DirectoryFile.parse("employees:\n  - {id: zoe, name: Z, addresses: [zoe@h.test, ZOE@h.test]}\n", "d");

        assertThat(d.activeEmployeeByAddress("zoe@h.test")).map(Employee::id).contains("zoe");
    }

    @Test
    void accountShouldBeFoundByContactThenByDomain() {
        Directory d = DirectoryFile.parse(SAMPLE, "conf/directory.yaml");

        assertThat(d.accountFor("ed@gmail.test")).map(Account::id).contains("acme");
        assertThat(d.accountFor("someone@ACME.test")).map(Account::id).contains("acme");
        assertThat(d.accountFor("stranger@nowhere.test")).isEmpty();
    }

    @Test
    void parseShouldNameKeyOfBadRecipientOption() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], recipientOption: SOMETIMES}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).recipientOption 'SOMETIMES' is not one of OFF, ALL, SUBSCRIBED, MANAGER, ACCOUNT_MANAGER");
    }

    @Test
    void bareOffShouldBeRecipientOptionOffThoughYamlReadsItAsFalse() {
        Directory d = DirectoryFile.parse("employees:\n  - {id: erin, name: E, addresses: [e@h.test], recipientOption: OFF}\n", "d");

        assertThat(d.employee("erin").orElseThrow().recipientOption()).isEqualTo(RecipientOption.OFF);
    }

    @Test
    void parseShouldRefuseUnknownKey() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, adresses: [a@h.test]}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0].adresses is not a known key; known keys are active, addresses, calendar, closeAnyTicket, emailPrivilege, id, name, recipientOption, technician");
    }

    @Test
    void parseShouldRefuseManagerWhoIsNoEmployee() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                accounts:
                  - {id: acme, accountManager: zed}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: accounts[0] (acme).accountManager 'zed' is not the id of an employee in this file");
    }

    @Test
    void parseShouldRefuseBadAddress() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [alice.helpdesk.test]}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).addresses[0] 'alice.helpdesk.test' is not a mail address, e.g. dana@acme.example");
    }

    @Test
    void parseShouldReadGoogleCalendar() {
        Directory d = DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: {mode: google, id: Alice.Cal@h.test}}
                """, "conf/directory.yaml");

        assertThat(d.employee("alice").orElseThrow().calendar())
                .contains(new CalendarLink(CalendarLink.Mode.GOOGLE, "Alice.Cal@h.test"));
    }

    @Test
    void parseShouldReadGuestCalendar() {
        Directory d = DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: {mode: guest, id: Alice@Other.test}}
                """, "conf/directory.yaml");

        assertThat(d.employee("alice").orElseThrow().calendar())
                .contains(new CalendarLink(CalendarLink.Mode.GUEST, "alice@other.test"));
    }

    @Test
    void parseShouldReadIcalCalendarInAnyCase() {
        Directory d = DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: {mode: ICal, id: cal@other.test}}
                """, "conf/directory.yaml");

        assertThat(d.employee("alice").orElseThrow().calendar())
                .contains(new CalendarLink(CalendarLink.Mode.ICAL, "cal@other.test"));
    }

    @Test
    void employeeWithoutCalendarBlockShouldHaveNoCalendar() {
        Directory d = DirectoryFile.parse(SAMPLE, "conf/directory.yaml");

        assertThat(d.employee("alice").orElseThrow().calendar()).isEmpty();
    }

    @Test
    void guestCalendarIdShouldDefaultToFirstAddress() {
        Directory d = DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [A@h.test, b@h.test], technician: true, calendar: {mode: guest}}
                """, "conf/directory.yaml");

        assertThat(d.employee("alice").orElseThrow().calendar())
                .contains(new CalendarLink(CalendarLink.Mode.GUEST, "a@h.test"));
    }

    @Test
    void icalCalendarIdShouldDefaultToFirstAddress() {
        Directory d = DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [A@h.test, b@h.test], technician: true, calendar: {mode: ical}}
                """, "conf/directory.yaml");

        assertThat(d.employee("alice").orElseThrow().calendar())
                .contains(new CalendarLink(CalendarLink.Mode.ICAL, "a@h.test"));
    }

    @Test
    void parseShouldRefuseCalendarWithoutMode() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: {id: a@h.test}}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).calendar.mode is missing; set it to one of google, guest, ical");
    }

    @Test
    void parseShouldNameKeyOfBadCalendarMode() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: {mode: outlook}}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).calendar.mode 'outlook' is not one of google, guest, ical");
    }

    @Test
    void parseShouldRefuseUnknownKeyInCalendar() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: {mode: guest, calendarId: a@h.test}}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).calendar.calendarId is not a known key; known keys are id, mode");
    }

    @Test
    void parseShouldRefuseCalendarThatIsNoMapping() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: google}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).calendar must be a mapping of keys to values");
    }

    @Test
    void parseShouldRefuseGoogleCalendarWithoutId() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: {mode: google}}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).calendar.id is missing; mode google needs the id of the technician's Google calendar, e.g. id: a@h.test");
    }

    @Test
    void parseShouldRefuseGoogleCalendarIdWithSpaces() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: {mode: google, id: Alice calendar}}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).calendar.id 'Alice calendar' is not a Google calendar id; it has no spaces, e.g. a@h.test");
    }

    @Test
    void parseShouldRefuseBadGuestCalendarAddress() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], technician: true, calendar: {mode: guest, id: alice.h.test}}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).calendar.id 'alice.h.test' is not a mail address, e.g. dana@acme.example");
    }

    @Test
    void parseShouldRefuseCalendarOnEmployeeWhoIsNoTechnician() {
        assertThatThrownBy(() -> DirectoryFile.parse("""
                employees:
                  - {id: alice, name: A, addresses: [a@h.test], calendar: {mode: guest}}
                """, "conf/directory.yaml"))
                .hasMessage("conf/directory.yaml: employees[0] (alice).calendar is set but technician is not true; calendars are for technicians: add technician: true or remove calendar");
    }

    @Test
    void sourceShouldReloadChangedFileAndKeepLastGoodOnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("directory.yaml");
        Files.writeString(file, SAMPLE);
        DirectorySource source = new DirectorySource(file, "conf/directory.yaml", Clock.systemUTC(), 0);
        assertThat(source.current().employees()).hasSize(3);

        Files.writeString(file, "employees:\n  - {id: zoe, name: Zoe, addresses: [zoe@h.test]}\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(source.current().employees()).extracting(Employee::id).containsExactly("zoe");

        Files.writeString(file, "employees: [oops");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(source.current().employees()).extracting(Employee::id).containsExactly("zoe");
    }
}
