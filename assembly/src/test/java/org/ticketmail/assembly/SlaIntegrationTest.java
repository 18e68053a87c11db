package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Service levels end to end (issue 13): a customer mail left unanswered past the response time warns the ticket's
 * owner and the escalation address once, with the clock moved forward instead of waiting; an answer ends the breach,
 * a new customer mail starts a new wait; an account over its open-ticket limit warns its account manager; an account
 * with {@code sla: none} is never warned; the JSON view shows each ticket's breaches and the compliance figures.
 */
class SlaIntegrationTest extends RunningAppliance {
    private final MovableClock clock = new MovableClock(ZoneOffset.UTC);

    @Override
    java.time.Clock clock() {
        return clock;
    }

    @Override
    Map<String, String> properties() {
        return Map.of("sla.interval", "1s");
    }

    @Override
    void editConf(Path conf) {
        try {
            Files.writeString(conf.resolve("sla.yaml"), """
                    timezone: UTC
                    default: standard
                    escalation: [lead@helpdesk.test]
                    slas:
                      standard: {name: Standard, responseHours: 4, startHour: 0, endHour: 24}
                      capped: {name: Capped, maxOpenTickets: 2}
                      limited: {name: Limited, openTicketLimit: 1, openTicketLimitMode: force}
                      watched: {name: Watched, totalTicketLimit: 1}
                    """);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    String directory() {
        return """
                employees:
                  - {id: alice, name: Alice Tech, addresses: [alice@helpdesk.test], recipientOption: MANAGER}
                  - {id: bob, name: Bob Manager, addresses: [bob@helpdesk.test], recipientOption: OFF}
                accounts:
                  - id: acme
                    name: Acme Corp
                    domains: [acme.test]
                    defaultTicketManager: alice
                    contacts:
                      - {name: Dana Customer, address: dana@acme.test, main: true}
                  - id: globex
                    name: Globex
                    domains: [globex.test]
                    accountManager: bob
                    defaultTicketManager: alice
                    sla: capped
                  - id: initech
                    name: Initech
                    domains: [initech.test]
                    defaultTicketManager: alice
                    sla: none
                  - id: hooli
                    name: Hooli
                    domains: [hooli.test]
                    defaultTicketManager: alice
                    sla: limited
                  - id: umbrella
                    name: Umbrella
                    domains: [umbrella.test]
                    defaultTicketManager: alice
                    sla: watched
                """;
    }

    /** Closes what a test left open, so the next test's clock moves break no level of an earlier test's ticket. */
    @org.junit.jupiter.api.AfterEach
    void closeOpenTickets() {
        org.ticketmail.store.TicketStore store = appliance.appliance.store();
        for (org.ticketmail.store.TicketSummary t : store.updatedSince(java.time.Instant.EPOCH)) {
            store.setState(t.number(), org.ticketmail.store.TicketStatus.CLOSED, false);
        }
    }

    /** Opens a ticket as {@code from}; waits for its acknowledgment and alice's copy; returns its number. */
    private String openTicket(String from, String subject) throws Exception {
        mail().from(from).to(SUPPORT).subject(subject).body("It does not work.").sendTo(appliance.smtpPort());
        outside.awaitExactly(2, appliance.smtpPort()); // the acknowledgment; alice, the manager
        String number = ApplianceFixture.ticketNumber(outside.only("alice@helpdesk.test").getSubject());
        outside.purge();
        return number;
    }

    /** Waits until the watch has looked at every open ticket {@code runs} more times: whatever it would send, it has sent. */
    private void awaitEvaluations(int runs) throws Exception {
        appliance.awaitSlaRuns(runs);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (javax.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnansweredCustomerMailShouldWarnTheOwnerAndTheEscalationAddressOnce() throws Exception {
        String number = openTicket("Dana Customer <dana@acme.test>", "Printer on fire");
        clock.advance(Duration.ofHours(5));

        outside.await(2);
        awaitEvaluations(3);
        outside.awaitExactly(2, appliance.smtpPort()); // alice and lead, once each, however often the watch looked
        MimeMessage warning = outside.only("alice@helpdesk.test");
        assertThat(warning.getSubject()).isEqualTo("SLA broken (response time): Printer on fire Ticket [" + number + "]");
        assertThat(Outside.header(warning, "Auto-Submitted")).isEqualTo("auto-replied");
        assertThat((String) warning.getContent()).contains("Hello Alice Tech,", "broke the response time limit of its service level",
                "Standard (4h)", "has waited 5h of counted time for an answer");
        assertThat(outside.only("lead@helpdesk.test").getSubject()).isEqualTo(warning.getSubject());

        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.at("/sla/sla").asText()).isEqualTo("standard");
        assertThat(ticket.at("/sla/breaches")).hasSize(1);
        assertThat(ticket.at("/sla/breaches/0/kind").asText()).isEqualTo("response");
        assertThat(ticket.at("/sla/breaches/0/end").isNull()).isTrue();
        assertThat(ticket.at("/sla/compliance").asDouble()).isBetween(0.75, 0.85); // 4 of 5 hours within
        JsonNode entry = ticket.get("history").get(ticket.get("history").size() - 1);
        assertThat(entry.get("public").asBoolean()).isFalse();
        assertThat(entry.get("note").asText()).startsWith("SLA Standard: response time limit (4h) broken at ")
                .endsWith("; warned alice@helpdesk.test, lead@helpdesk.test");

        // The status page lists the breach with the ticket's manager.
        String manager = ticket.get("manager").asText();
        assertThat(manager).isNotBlank();
        java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).containsPattern("<a href=\"/api/tickets/" + number + "\">" + number + "</a></td><td>response time</td>"
                + "<td class=\"t\">[^<]+</td><td>" + java.util.regex.Pattern.quote(manager) + "</td>");
    }

    @Test
    void anAnswerShouldEndTheBreachAndANewCustomerMailShouldStartANewWait() throws Exception {
        String number = openTicket("Dana Customer <dana@acme.test>", "Scanner jammed");
        clock.advance(Duration.ofHours(5));
        outside.await(2);
        outside.purge();

        mail().from("alice@helpdesk.test").to(SUPPORT).subject("Re: Ticket [" + number + "]").body("Open the lid, please.")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // dana's copy
        outside.purge();
        assertThat(appliance.ticket(number).at("/sla/breaches/0/end").isNull()).isFalse();

        clock.advance(Duration.ofHours(5));
        awaitEvaluations(3);
        outside.awaitExactly(0, appliance.smtpPort()); // nothing waits for an answer: no warning

        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject("Re: Ticket [" + number + "]").body("Still jammed.")
                .sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // alice's copy
        outside.purge();
        clock.advance(Duration.ofHours(5));
        outside.await(2);
        awaitEvaluations(3);
        outside.awaitExactly(2, appliance.smtpPort());
        assertThat(subject(outside.only("alice@helpdesk.test"))).startsWith("SLA broken (response time): ");
        assertThat(appliance.ticket(number).at("/sla/breaches")).hasSize(2);
    }

    @Test
    void anAccountOverItsOpenTicketLimitShouldWarnItsAccountManager() throws Exception {
        openTicket("erin@globex.test", "First");
        openTicket("erin@globex.test", "Second");
        mail().from("erin@globex.test").to(SUPPORT).subject("Third").body("And another.").sendTo(appliance.smtpPort());
        outside.await(4); // the acknowledgment and alice's copy; bob and lead warned
        awaitEvaluations(3);
        outside.awaitExactly(4, appliance.smtpPort());
        MimeMessage warning = outside.only("bob@helpdesk.test");
        assertThat(warning.getSubject()).startsWith("SLA broken (open tickets): Third Ticket [");
        assertThat((String) warning.getContent()).contains("Globex has 3 tickets open at once; its service level allows 2.");
        assertThat(outside.only("lead@helpdesk.test").getSubject()).isEqualTo(warning.getSubject());
    }

    @Test
    void anAccountWithoutAServiceLevelShouldNeverBeWarned() throws Exception {
        String number = openTicket("pat@initech.test", "No contract");
        clock.advance(Duration.ofHours(50));
        awaitEvaluations(3);
        outside.awaitExactly(0, appliance.smtpPort());
        assertThat(appliance.ticket(number).has("sla")).isTrue();
        assertThat(appliance.ticket(number).get("sla").isNull()).isTrue();
    }

    @Test
    void aNewTicketOverAForcedLimitShouldBeHeldItsSenderToldAndAReleaseShouldOpenIt() throws Exception {
        openTicket("Gavin Belson <gavin@hooli.test>", "First");
        mail().from("Gavin Belson <gavin@hooli.test>").to(SUPPORT).subject("Second").body("Again.").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort()); // the refusal; no ticket, so nobody else hears of it
        MimeMessage refusal = outside.only("gavin@hooli.test");
        assertThat(refusal.getSubject()).isEqualTo("Not opened: Second");
        assertThat((String) refusal.getContent()).contains("Hello Gavin Belson,",
                "you have 1 ticket open at once, and your service level allows 1.");
        assertThat(Outside.header(refusal, "Auto-Submitted")).isEqualTo("auto-replied");

        JsonNode held = appliance.get("/api/held?reason=limit");
        assertThat(held.get("held")).hasSize(1);
        assertThat(held.at("/held/0/reason").asText()).isEqualTo("ticket limit: gavin@hooli.test has 1 ticket open at once, the limit is 1"
                + " (Limited)");
        assertThat(held.at("/held/0/kind").asText()).isEqualTo("limit");
        outside.purge();

        String[] released = appliance.release(held.at("/held/0/id").asText());
        assertThat(released[0]).as(released[2]).isEqualTo("0");
        outside.awaitExactly(2, appliance.smtpPort()); // released, it opens its ticket: the acknowledgment and alice's copy
        assertThat(subject(outside.only("alice@helpdesk.test"))).contains("Second");
    }

    @Test
    void aMailSentTwiceShouldBeARepeatNotATicketOverTheLimit() throws Exception {
        TestMails first = mail().from("Gavin Belson <gavin@hooli.test>").to(SUPPORT).subject("Once").body("Only once.");
        first.sendTo(appliance.smtpPort());
        outside.awaitExactly(2, appliance.smtpPort()); // the acknowledgment; alice's copy
        outside.purge();

        first.sendTo(appliance.smtpPort()); // the same Message-ID and body again, as a client retrying after a lost answer
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> appliance.get("/api/held?reason=repeat").get("held").findValuesAsText("subject").contains("Once"));
        outside.awaitExactly(0, appliance.smtpPort()); // no "Not opened": the ticket it opened does not count against it
        assertThat(appliance.get("/api/held?reason=limit").get("held").findValuesAsText("subject")).doesNotContain("Once");
    }

    @Test
    void aNewTicketOverAWarningLimitShouldOpenAndItsManagerBeTold() throws Exception {
        openTicket("Albert Wesker <wesker@umbrella.test>", "First");
        mail().from("Albert Wesker <wesker@umbrella.test>").to(SUPPORT).subject("Second").body("Again.").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // the acknowledgment; alice's copy and her warning
        List<MimeMessage> alice = outside.inbox("alice@helpdesk.test");
        MimeMessage warning = alice.stream().filter(m -> subject(m).equals("Ticket limit passed: Second")).findFirst().orElseThrow();
        assertThat((String) warning.getContent()).contains("Albert Wesker <wesker@umbrella.test> (Watched) passed a ticket limit",
                "they have opened 1 ticket in the last year; the limit is 1.");
        String number = ApplianceFixture.ticketNumber(alice.stream().map(SlaIntegrationTest::subject).filter(s -> s.contains("Ticket ["))
                .findFirst().orElseThrow());
        assertThat(appliance.ticket(number).at("/history/0/note").asText()).contains("over a ticket limit of Watched (warned): they have"
                + " opened 1 ticket in the last year; the limit is 1.");
    }

    @Test
    void theJsonViewShouldGiveComplianceByAccountAndByTechnician() throws Exception {
        openTicket("Dana Customer <dana@acme.test>", "Monitor flickers");
        JsonNode acme = appliance.get("/api/sla?account=acme");
        assertThat(acme.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(acme.get("account").asText()).isEqualTo("acme");
        assertThat(acme.get("openTickets").asInt()).isPositive();
        assertThat(acme.at("/windows/1d/tickets").asInt()).isPositive();
        assertThat(acme.get("windows").fieldNames()).toIterable().containsExactly("1d", "15d", "30d");
        assertThat(acme.at("/tickets/0/sla").asText()).isEqualTo("standard");

        JsonNode alice = appliance.get("/api/sla?employee=alice");
        assertThat(alice.get("employee").asText()).isEqualTo("alice");
        assertThat(alice.at("/windows/30d/tickets").asInt()).isPositive();

        assertThat(appliance.get("/api/sla").get("httpStatus").asInt()).isEqualTo(400);
        JsonNode unknown = appliance.get("/api/sla?account=nobody");
        assertThat(unknown.get("httpStatus").asInt()).isEqualTo(404);
        assertThat(unknown.get("error").asText()).isEqualTo("no account nobody in conf/directory.yaml");
    }

    @Test
    void workUnitsShouldCountIntoTheTechniciansAndTheAccountsTimeUsed() throws Exception {
        String number = openTicket("Dana Customer <dana@acme.test>", "Slow laptop");
        long before = appliance.get("/api/sla?employee=alice").at("/timeUsedMinutes/30d").asLong();
        mail().from("alice@helpdesk.test").to(SUPPORT).subject("Re: Ticket [" + number + "]")
                .body("#time 45m cleaned it up\nIt is faster now.").sendTo(appliance.smtpPort());
        outside.awaitExactly(2, appliance.smtpPort()); // dana's copy; alice's confirmation
        assertThat(appliance.ticket(number).get("timeUsedMinutes").asInt()).isEqualTo(45);
        JsonNode alice = appliance.get("/api/sla?employee=alice");
        assertThat(alice.at("/timeUsedMinutes/1d").asLong()).isEqualTo(before + 45);
        assertThat(alice.at("/timeUsedMinutes/30d").asLong()).isEqualTo(before + 45);
        assertThat(appliance.get("/api/sla?account=acme").at("/timeUsedMinutes/30d").asLong()).isGreaterThanOrEqualTo(45);
    }

    @Test
    void theStatusPageShouldShowTheBreachesAndTheCompliance() throws Exception {
        openTicket("Dana Customer <dana@acme.test>", "Keyboard sticky");
        java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + appliance.appliance.statusPort() + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("<h2>Service levels</h2>", "<h3>Compliance, last 30 days</h3>", "<h3>Technicians, last 30 days</h3>",
                "<a href=\"/api/sla?account=acme\">Acme Corp</a>", "<a href=\"/api/sla?employee=alice\">Alice Tech</a>");
    }

    @Test
    void aBrokenSlaFileShouldStopTheStartNamingTheKey() throws Exception {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ApplianceFixture.start(outside.smtpPort(), Map.of(),
                conf -> write(conf.resolve("sla.yaml"), "slas:\n  standard: {responseHour: 4}\n")).close());
        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessageStartingWith(
                "conf/sla.yaml: slas.standard.responseHour is not a known key; known keys are endHour, ");
    }

    @Test
    void aDirectoryNamingAnUndefinedLevelShouldStopTheStart() throws Exception {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ApplianceFixture.start(outside.smtpPort(), Map.of(),
                conf -> write(conf.resolve("sla.yaml"), "slas:\n  standard: {responseHours: 4}\n"), List.of(),
                "accounts:\n  - {id: acme, domains: [acme.test], sla: gold}\n").close());
        assertThat(thrown).isInstanceOf(ConfigException.class).hasMessage("conf/sla.yaml: account acme of conf/directory.yaml names sla"
                + " 'gold', which this file does not define; define it under slas, or change the account's sla");
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
