package org.ticketmail.store.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ticketmail.store.StoreException;

class SlaBookTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static SlaBook parse(String yaml) {
        return SlaBook.parse(yaml, "conf/sla.yaml", BERLIN, Set.of());
    }

    @Test
    void parseShouldReadEveryFieldOfALevel() {
        SlaBook book = parse("""
                timezone: America/New_York
                default: standard
                escalation: [boss@helpdesk.test]
                slas:
                  standard:
                    name: Standard support
                    type: third-party
                    responseHours: 4
                    lifetimeHours: 0.5
                    inactivityHours: 0
                    maxOpenTickets: 10
                    startHour: "08:30"
                    endHour: 18
                    weekendsOff: true
                    holidaysOff: true
                    escalation: lead@helpdesk.test
                    openTicketLimit: 5
                    openTicketLimitMode: force
                    totalTicketLimit: 100
                """);
        SlaTerms s = book.slas().get("standard");
        assertThat(s).isEqualTo(new SlaTerms("standard", "Standard support", SlaType.THIRD_PARTY, Optional.of(Duration.ofHours(4)),
                Optional.of(Duration.ofMinutes(30)), Optional.empty(), 10, 8 * 60 + 30, 18 * 60, true, true, List.of("lead@helpdesk.test"),
                new TicketLimits(5, TicketLimits.Mode.FORCE, 100, TicketLimits.Mode.WARN)));
        assertThat(book.zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(book.forAccount(null)).contains(s);
        assertThat(book.forAccount("none")).isEmpty();
        assertThat(book.escalationFor(s)).containsExactly("lead@helpdesk.test", "boss@helpdesk.test");
    }

    @Test
    void anEmptyFileShouldDefineNoLevel() {
        SlaBook book = parse("");
        assertThat(book.slas()).isEmpty();
        assertThat(book.forAccount(null)).isEmpty();
        assertThat(book.zone()).isEqualTo(BERLIN);
    }

    @Test
    void parseShouldRefuseAnUnknownKeyNamingIt() {
        assertThatThrownBy(() -> parse("slas:\n  gold:\n    responseHour: 4\n")).isInstanceOf(StoreException.class)
                .hasMessage("conf/sla.yaml: slas.gold.responseHour is not a known key; known keys are endHour, escalation, holidaysOff,"
                        + " inactivityHours, lifetimeHours, maxOpenTickets, name, openTicketLimit, openTicketLimitMode, responseHours, startHour,"
                        + " totalTicketLimit, totalTicketLimitMode, type, weekendsOff");
    }

    @Test
    void parseShouldRefuseADefaultThatIsNotDefined() {
        assertThatThrownBy(() -> parse("default: gold\nslas:\n  standard: {responseHours: 4}\n"))
                .hasMessage("conf/sla.yaml: default 'gold' is not one of the slas defined here (standard)");
    }

    @Test
    void parseShouldRefuseBadValuesNamingTheKey() {
        assertThatThrownBy(() -> parse("slas:\n  s: {type: urgent}\n"))
                .hasMessage("conf/sla.yaml: slas.s.type 'urgent' is not a type; types are normal, third-party, both");
        assertThatThrownBy(() -> parse("slas:\n  s: {responseHours: soon}\n"))
                .hasMessage("conf/sla.yaml: slas.s.responseHours 'soon' is not a number of hours from 0 to 10000, e.g. 4 or 0.5 (0: no limit)");
        assertThatThrownBy(() -> parse("slas:\n  s: {lifetimeHours: .inf}\n"))
                .hasMessage("conf/sla.yaml: slas.s.lifetimeHours 'Infinity' is not a number of hours from 0 to 10000, e.g. 4 or 0.5 (0: no limit)");
        assertThatThrownBy(() -> parse("slas:\n  s: {startHour: 18, endHour: 9}\n"))
                .hasMessage("conf/sla.yaml: slas.s.endHour must be after startHour (both within one day, e.g. startHour: 9, endHour: 18)");
        assertThatThrownBy(() -> parse("slas:\n  s: {startHour: 25}\n"))
                .hasMessage("conf/sla.yaml: slas.s.startHour '25' is not an hour of the day from 0 to 24, e.g. 9 or \"08:30\"");
        assertThatThrownBy(() -> parse("slas:\n  s: {openTicketLimitMode: block}\n"))
                .hasMessage("conf/sla.yaml: slas.s.openTicketLimitMode 'block' is not force (refuse the ticket) or warn (open it and tell its manager)");
        assertThatThrownBy(() -> parse("slas:\n  s: {totalTicketLimit: -1}\n"))
                .hasMessage("conf/sla.yaml: slas.s.totalTicketLimit '-1' is not a whole number >= 0 (0: no limit)");
        assertThatThrownBy(() -> parse("timezone: Mars/Olympus\n"))
                .hasMessage("conf/sla.yaml: timezone 'Mars/Olympus' is not an IANA time zone, e.g. Europe/Berlin");
        assertThatThrownBy(() -> parse("escalation: [nobody]\n"))
                .hasMessage("conf/sla.yaml: escalation[0] 'nobody' is not a mail address, e.g. escalations@helpdesk.example");
        assertThatThrownBy(() -> parse("slas:\n  none: {}\n"))
                .hasMessage("conf/sla.yaml: slas.none 'none' is not an SLA id: letters, digits, '-', '_' and '.', not 'none'");
    }

    @Test
    void holidaysShouldReadOneDateALineWithCommentsAndNames() {
        assertThat(SlaBook.holidays("# public holidays\n2026-12-25 Christmas Day\n\n2027-01-01  # New Year\n", "conf/holidays.txt"))
                .containsExactly(LocalDate.parse("2026-12-25"), LocalDate.parse("2027-01-01"));
    }

    @Test
    void holidaysShouldRefuseALineThatIsNoDateNamingTheLine() {
        assertThatThrownBy(() -> SlaBook.holidays("2026-12-25\n25.12.2026\n", "conf/holidays.txt"))
                .hasMessage("conf/holidays.txt line 2: '25.12.2026' is not a date as YYYY-MM-DD; write one holiday a line, e.g. 2026-12-25 Christmas Day");
    }
}
