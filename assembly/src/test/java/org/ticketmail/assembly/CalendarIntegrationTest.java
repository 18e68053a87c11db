package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ticketmail.assembly.ApplianceFixture.SUPPORT;
import static org.ticketmail.assembly.TestMails.mail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ticketmail.calendar.google.FakeGoogleCalendar;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scheduling by email onto technicians' calendars, end to end: commands over SMTP, the real Google client
 * against a Calendar v3 server on 127.0.0.1, iMIP invitations to GreenMail, and changes made on the
 * calendar side coming back through the sync. Working days are every day and the zone is UTC, so the
 * slots do not depend on the day the test runs.
 */
class CalendarIntegrationTest extends RunningAppliance {
    private static final String ALICE_CAL = "alice@helpdesk.test";
    private static final String BOB_CAL = "bob@helpdesk.test";
    private static final String SUPPORT_CAL = "support@helpdesk.test";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final FakeGoogleCalendar google = new FakeGoogleCalendar().start().addCalendar(ALICE_CAL).addCalendar(BOB_CAL)
            .addCalendar(SUPPORT_CAL);
    /** A day of its own for each test, a week ahead and later, so slots are in the future and tests do not meet. */
    private LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(7);

    @BeforeEach
    void nextDay() {
        day = day.plusDays(1);
    }

    @Override
    String directory() {
        return """
                employees:
                  - {id: alice, name: Alice Tech, addresses: [alice@helpdesk.test], recipientOption: MANAGER, technician: true,
                     calendar: {mode: google, id: alice@helpdesk.test}}
                  - {id: bob, name: Bob Tech, addresses: [bob@helpdesk.test], recipientOption: ACCOUNT_MANAGER, technician: true,
                     calendar: {mode: google, id: bob@helpdesk.test}}
                  - {id: carol, name: Carol Dispatch, addresses: [carol@helpdesk.test], recipientOption: ALL}
                  - {id: gus, name: Gus Guest, addresses: [gus@helpdesk.test], recipientOption: OFF, technician: true, calendar: {mode: guest}}
                  - {id: ian, name: Ian Ical, addresses: [ian@partner.test], recipientOption: OFF, technician: true, calendar: {mode: ical}}
                accounts:
                  - id: acme
                    name: Acme Corp
                    domains: [acme.test]
                    accountManager: bob
                    defaultTicketManager: alice
                    contacts:
                      - {name: Dana Customer, address: dana@acme.test, main: true}
                """;
    }

    @Override
    void editConf(Path conf) {
        google.writeServiceAccountKey(conf.resolve("google-key.json"));
    }

    @Override
    Map<String, String> properties() {
        return Map.of("calendar.google.credentials", "google-key.json", "calendar.google.rootUrl", google.rootUrl(),
                "calendar.google.supportCalendar", SUPPORT_CAL, "calendar.timezone", "UTC", "calendar.workingHours", "09:00-17:00",
                "calendar.workingDays", "MON-SUN", "calendar.minFreeMinutes", "30", "calendar.sync.interval", "1s",
                "calendar.reflow.interval", "0");
    }

    @AfterAll
    void stopGoogle() {
        google.close();
    }

    /** A customer opens a ticket (acme: alice manages; bob and carol hear of it); returns its number. */
    private String openTicket(String subject) throws Exception {
        mail().from("Dana Customer <dana@acme.test>").to(SUPPORT).subject(subject).body("The printer jams.").sendTo(appliance.smtpPort());
        outside.awaitExactly(4, appliance.smtpPort());
        String number = ApplianceFixture.ticketNumber(outside.only("dana@acme.test").getSubject());
        outside.purge();
        return number;
    }

    private void alice(String number, String body) throws Exception {
        mail().from("Alice Tech <alice@helpdesk.test>").to(SUPPORT).subject("RE: Ticket [" + number + "]").body(body)
                .sendTo(appliance.smtpPort());
    }

    private Instant at(int hour, int minute) {
        return day.atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    /** The ticket's confirmed event on {@code calendarId}, once the worker wrote it. */
    private FakeGoogleCalendar.Event eventOn(String calendarId, String number) {
        return await().atMost(WAIT).until(() -> google.events(calendarId).stream()
                .filter(e -> number.equals(e.ticketNumber()) && !e.cancelled()).findFirst(), Optional::isPresent).get();
    }

    private JsonNode scheduleOf(String number) throws Exception {
        return appliance.ticket(number).get("schedule");
    }

    private static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        return (content instanceof String s ? s : String.valueOf(content)).replace("\r\n", "\n");
    }

    @Test
    void scheduleShouldPutTheEventOnTheTechniciansCalendarAndConfirmTheSlot() throws Exception {
        String number = openTicket("Printer");

        alice(number, "#schedule " + day + " 14:00 90m");
        outside.awaitExactly(3, appliance.smtpPort()); // bob, carol (only commands: employees only); confirmation to alice

        String label = scheduleOf(number).get("label").asText();
        assertThat(text(outside.only("alice@helpdesk.test"))).contains("  status: new → assigned")
                .contains("  schedule: (none) → " + label + ", alice");
        FakeGoogleCalendar.Event event = eventOn(ALICE_CAL, number);
        assertThat(event.summary()).isEqualTo(number + " – Printer : Acme Corp (normal)");
        assertThat(event.start()).isEqualTo(at(14, 0));
        assertThat(event.end()).isEqualTo(at(15, 30));
        FakeGoogleCalendar.Request insert = google.apiRequests().stream()
                .filter(r -> r.method().equals("POST") && r.body() != null && r.body().contains(number) && (r.path().endsWith("/calendars/alice@helpdesk.test/events") || r.path().endsWith("/calendars/alice%40helpdesk.test/events"))).findFirst().orElseThrow();
        JsonNode sent = new com.fasterxml.jackson.databind.ObjectMapper().readTree(insert.body());
        assertThat(sent.at("/extendedProperties/private/ticketmail-ticket").asText()).isEqualTo(number);
        assertThat(sent.at("/start/timeZone").asText()).isEqualTo("UTC");
        assertThat(sent.at("/description").asText()).contains("The printer jams.").contains("Ticket [" + number + "]");
        assertThat(insert.authorization()).startsWith("Bearer ");
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode schedule = scheduleOf(number);
            assertThat(schedule.get("start").asText()).isEqualTo(at(14, 0).toString());
            assertThat(schedule.get("end").asText()).isEqualTo(at(15, 30).toString());
            assertThat(schedule.get("technician").asText()).isEqualTo("alice");
            assertThat(schedule.get("eventId").asText()).isEqualTo(event.id());
            assertThat(schedule.get("written").asBoolean()).isTrue();
        });
        assertThat(appliance.ticket(number).get("status").asText()).isEqualTo("assigned");
    }

    @Test
    void assignShouldMoveTheEventToTheNewTechniciansCalendar() throws Exception {
        String number = openTicket("Scanner");
        alice(number, "#schedule " + day + " 10:00 60m");
        outside.awaitExactly(3, appliance.smtpPort());
        FakeGoogleCalendar.Event first = eventOn(ALICE_CAL, number);
        outside.purge();

        alice(number, "#assign bob");
        FakeGoogleCalendar.Event moved = eventOn(BOB_CAL, number);

        assertThat(moved.start()).isEqualTo(at(10, 0));
        await().atMost(WAIT).until(() -> google.event(ALICE_CAL, first.id()).map(FakeGoogleCalendar.Event::cancelled).orElse(true));
        assertThat(scheduleOf(number).get("technician").asText()).isEqualTo("bob");
        assertThat(appliance.ticket(number).get("changes").toString()).contains("\"field\":\"schedule\"")
                .contains(", alice\",\"to\":\"").contains(", bob\"");
    }

    @Test
    void anEventMovedOnTheCalendarShouldRescheduleTheTicket() throws Exception {
        String number = openTicket("Router");
        alice(number, "#schedule " + day + " 11:00 60m");
        outside.awaitExactly(3, appliance.smtpPort());
        FakeGoogleCalendar.Event event = eventOn(ALICE_CAL, number);
        await().atMost(WAIT).until(() -> scheduleOf(number).get("written").asBoolean());

        google.moveEvent(ALICE_CAL, event.id(), at(16, 0), at(17, 0));

        await().atMost(WAIT).until(() -> scheduleOf(number).get("start").asText().equals(at(16, 0).toString()));
        JsonNode ticket = appliance.ticket(number);
        assertThat(ticket.get("changes").toString()).contains("\"by\":\"calendar alice@helpdesk.test\",\"field\":\"schedule\"");
        JsonNode last = ticket.get("history").get(ticket.get("history").size() - 1);
        assertThat(last.get("public").asBoolean()).isFalse();
        assertThat(last.get("sender").asText()).isEqualTo("calendar alice@helpdesk.test");
        assertThat(last.get("text").asText()).contains("was moved to");
        Thread.sleep(2500); // two more syncs and worker runs: the change must not bounce back to the calendar
        assertThat(google.event(ALICE_CAL, event.id()).orElseThrow().start()).isEqualTo(at(16, 0));
        assertThat(google.events(ALICE_CAL).stream().filter(e -> number.equals(e.ticketNumber()) && !e.cancelled())).hasSize(1);
    }

    @Test
    void anEventMovedToAnotherTechniciansCalendarShouldReassignTheTicket() throws Exception {
        String number = openTicket("Switch");
        alice(number, "#schedule " + day + " 12:00 60m");
        outside.awaitExactly(3, appliance.smtpPort());
        FakeGoogleCalendar.Event event = eventOn(ALICE_CAL, number);
        await().atMost(WAIT).until(() -> scheduleOf(number).get("written").asBoolean());

        google.moveToCalendar(ALICE_CAL, event.id(), BOB_CAL);

        await().atMost(WAIT).until(() -> appliance.ticket(number).get("manager").asText().equals("bob"));
        assertThat(scheduleOf(number).get("technician").asText()).isEqualTo("bob");
        assertThat(scheduleOf(number).get("calendar").asText()).isEqualTo(BOB_CAL);
        assertThat(appliance.ticket(number).get("changes").toString())
                .contains("\"by\":\"calendar bob@helpdesk.test\",\"field\":\"manager\",\"from\":\"alice\",\"to\":\"bob\"");
    }

    @Test
    void anEventDeletedOnTheCalendarShouldUnscheduleTheTicket() throws Exception {
        String number = openTicket("Fax");
        alice(number, "#schedule " + day + " 09:00 30m");
        outside.awaitExactly(3, appliance.smtpPort());
        FakeGoogleCalendar.Event event = eventOn(ALICE_CAL, number);
        await().atMost(WAIT).until(() -> scheduleOf(number).get("written").asBoolean());

        google.deleteEvent(ALICE_CAL, event.id());

        await().atMost(WAIT).until(() -> scheduleOf(number).isNull());
        assertThat(appliance.ticket(number).get("changes").toString()).contains("\"by\":\"calendar alice@helpdesk.test\",\"field\":\"schedule\"");
    }

    @Test
    void aChangeOnTheCalendarShouldSurviveALaterCommandThatRewritesTheEvent() throws Exception {
        String number = openTicket("Plotter");
        alice(number, "#schedule " + day + " 10:00 60m");
        outside.awaitExactly(3, appliance.smtpPort());
        FakeGoogleCalendar.Event event = eventOn(ALICE_CAL, number);
        await().atMost(WAIT).until(() -> scheduleOf(number).get("written").asBoolean());
        outside.purge();

        google.moveEvent(ALICE_CAL, event.id(), at(14, 0), at(15, 0));
        alice(number, "#priority high"); // rewrites the title at once, likely before the next sync

        await().atMost(WAIT).until(() -> google.event(ALICE_CAL, event.id()).orElseThrow().summary().endsWith("(high)"));
        assertThat(google.event(ALICE_CAL, event.id()).orElseThrow().start()).isEqualTo(at(14, 0));
        assertThat(scheduleOf(number).get("start").asText()).isEqualTo(at(14, 0).toString());
    }

    @Test
    void aMoveBetweenCalendarsShouldNotBecomeADeletionWhenOneCalendarCannotBeRead() throws Exception {
        String number = openTicket("Beamer");
        alice(number, "#schedule " + day + " 13:00 60m");
        outside.awaitExactly(3, appliance.smtpPort());
        FakeGoogleCalendar.Event event = eventOn(ALICE_CAL, number);
        await().atMost(WAIT).until(() -> scheduleOf(number).get("written").asBoolean());

        google.failNextListingsOf(BOB_CAL, 3, 503);
        google.moveToCalendar(ALICE_CAL, event.id(), BOB_CAL);

        await().atMost(WAIT).until(() -> appliance.ticket(number).get("manager").asText().equals("bob"));
        assertThat(scheduleOf(number).isNull()).isFalse();
        assertThat(scheduleOf(number).get("calendar").asText()).isEqualTo(BOB_CAL);
        assertThat(appliance.ticket(number).get("changes").toString()).doesNotContain("\"to\":null");
    }

    @Test
    void aSlotMonthsAheadShouldBeCheckedAgainstBusyTimeToo() throws Exception {
        LocalDate far = day.plusDays(80);
        google.addExternalEvent(ALICE_CAL, "Trade fair", far.atTime(9, 0).toInstant(ZoneOffset.UTC), far.atTime(17, 0).toInstant(ZoneOffset.UTC));
        String number = openTicket("Tablet");

        alice(number, "#schedule " + far + " 10:00 60m");
        outside.awaitExactly(1, appliance.smtpPort());

        assertThat(text(outside.only("alice@helpdesk.test"))).contains("alice is not free then: it overlaps a busy period")
                .contains("#schedule alice " + far.plusDays(1) + " 09:00 60m");
    }

    @Test
    void aSlotOverABusyPeriodShouldBeRefusedWithTheNextFreeSlot() throws Exception {
        google.addExternalEvent(ALICE_CAL, "Customer call (Calendly)", at(13, 0), at(14, 0));
        String number = openTicket("Laptop");

        alice(number, "#schedule " + day + " 13:30 60m");
        outside.awaitExactly(1, appliance.smtpPort()); // only the error mail

        String error = text(outside.only("alice@helpdesk.test"));
        assertThat(error).contains("  > #schedule " + day + " 13:30 60m\n    alice is not free then: it overlaps a busy period")
                .contains("the next free slot is").contains("#schedule alice " + day + " 14:00 60m");
        assertThat(scheduleOf(number).isNull()).isTrue();
    }

    @Test
    void aSlotTooCloseToAnotherTicketShouldBeRefusedForTheMinimumGap() throws Exception {
        String first = openTicket("Monitor");
        mail().from("Bob Tech <bob@helpdesk.test>").to(SUPPORT).subject("RE: Ticket [" + first + "]")
                .body("#schedule bob " + day + " 10:00 60m").sendTo(appliance.smtpPort());
        outside.awaitExactly(3, appliance.smtpPort()); // carol; alice (the manager before); confirmation to bob
        outside.purge();
        String second = openTicket("Keyboard");

        mail().from("Bob Tech <bob@helpdesk.test>").to(SUPPORT).subject("RE: Ticket [" + second + "]")
                .body("#schedule bob " + day + " 11:15 60m").sendTo(appliance.smtpPort());
        outside.awaitExactly(1, appliance.smtpPort());

        assertThat(text(outside.only("bob@helpdesk.test"))).contains("bob is not free then: it leaves less than 30 minutes")
                .contains("#schedule bob " + day + " 11:30 60m");
    }

    @Test
    void scheduleNextShouldTakeTheFirstFreeSlotAroundBusyTime() throws Exception {
        String number = openTicket("Projector");

        mail().from("Bob Tech <bob@helpdesk.test>").to(SUPPORT).subject("RE: Ticket [" + number + "]")
                .body("#schedule gus next 45m").sendTo(appliance.smtpPort());

        FakeGoogleCalendar.Event event = eventOn(SUPPORT_CAL, number);
        assertThat(event.guests()).containsExactly("gus@helpdesk.test");
        assertThat(event.end()).isEqualTo(event.start().plus(Duration.ofMinutes(45)));
        assertThat(event.start()).isAfter(Instant.now().minusSeconds(60));
        assertThat(appliance.ticket(number).get("manager").asText()).isEqualTo("gus");
    }

    @Test
    void aCalendarAnswering503ShouldEndWithTheEventCreatedOnce() throws Exception {
        String number = openTicket("Copier");
        google.failNextEventWritesAfterApplying(1, 503); // the insert happens, its answer is lost

        alice(number, "#schedule " + day + " 15:00 60m");
        outside.awaitExactly(3, appliance.smtpPort()); // the mail is not held up by the calendar

        eventOn(ALICE_CAL, number);
        await().atMost(WAIT).until(() -> appliance.get("/api/calendar").get("backlog").asLong() == 0);
        assertThat(google.events(ALICE_CAL).stream().filter(e -> number.equals(e.ticketNumber()))).hasSize(1);
        assertThat(google.apiRequests().stream().filter(r -> r.body() != null && r.body().contains(number)).map(r -> r.method()))
                .containsExactly("POST", "POST", "PUT"); // insert (answer lost), insert again (409: it is there), update
        assertThat(scheduleOf(number).get("written").asBoolean()).isTrue();
    }

    @Test
    void theBacklogShouldShowWhileTheCalendarFails() throws Exception {
        String number = openTicket("Phone");
        google.failNextEventWrites(3, 503);

        alice(number, "#schedule " + day + " 16:00 30m");
        outside.awaitExactly(3, appliance.smtpPort());

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode calendar = appliance.get("/api/calendar");
            assertThat(calendar.get("pending").toString()).contains("\"ticket\":\"" + number + "\"").contains("503");
        });
        eventOn(ALICE_CAL, number);
    }

    @Test
    void closeShouldRemoveTheEvent() throws Exception {
        String number = openTicket("Toner");
        alice(number, "#schedule " + day + " 16:30 30m");
        outside.awaitExactly(3, appliance.smtpPort());
        FakeGoogleCalendar.Event event = eventOn(ALICE_CAL, number);

        alice(number, "#close solved");

        await().atMost(WAIT).until(() -> google.event(ALICE_CAL, event.id()).map(FakeGoogleCalendar.Event::cancelled).orElse(true));
        assertThat(scheduleOf(number).isNull()).isTrue();
    }

    @Test
    void anIcalTechnicianShouldGetAnInvitationAndTheirAnswersShouldApply() throws Exception {
        String number = openTicket("Server");

        alice(number, "#schedule ian " + day + " 10:00 60m");
        MimeMessage invitation = await().atMost(WAIT).until(() -> outside.inbox("ian@partner.test"), l -> !l.isEmpty()).get(0);
        assertThat(invitation.getContentType()).startsWith("multipart/alternative");
        net.fortuna.ical4j.model.Calendar request = parse(calendarPart(invitation));
        net.fortuna.ical4j.model.component.VEvent vevent = request.getComponent("VEVENT");
        assertThat(request.getProperty("METHOD").getValue()).isEqualTo("REQUEST");
        assertThat(vevent.getProperty("SEQUENCE").getValue()).isEqualTo("0");
        assertThat(vevent.getProperty("DTSTART").getValue()).isEqualTo(compact(day) + "T100000Z");
        assertThat(vevent.getProperty("DTEND").getValue()).isEqualTo(compact(day) + "T110000Z");
        assertThat(vevent.getProperty("SUMMARY").getValue()).isEqualTo(number + " – Server : Acme Corp (normal)");
        assertThat(vevent.getProperty("ORGANIZER").getValue()).isEqualTo("mailto:" + SUPPORT);
        assertThat(vevent.getProperty("ATTENDEE").getValue()).isEqualTo("mailto:ian@partner.test");
        String uid = vevent.getProperty("UID").getValue();
        assertThat(invitation.getSubject()).contains("Ticket [" + number + "]");
        outside.purge();

        sendAnswer("REPLY", uid, 0, "ACCEPTED", null);
        await().atMost(WAIT).until(() -> appliance.ticket(number).get("history").toString().contains("accepted"));

        sendAnswer("COUNTER", uid, 0, null, "DTSTART:" + day.toString().replace("-", "") + "T130000Z\r\nDTEND:"
                + day.toString().replace("-", "") + "T140000Z\r\n");
        await().atMost(WAIT).until(() -> scheduleOf(number).get("start").asText().equals(at(13, 0).toString()));
        MimeMessage update = await().atMost(WAIT).until(() -> outside.inbox("ian@partner.test"), l -> !l.isEmpty()).get(0);
        net.fortuna.ical4j.model.component.VEvent moved = parse(calendarPart(update)).getComponent("VEVENT");
        assertThat(moved.getProperty("UID").getValue()).isEqualTo(uid); // the same event, a later version
        assertThat(moved.getProperty("SEQUENCE").getValue()).isEqualTo("1");
        assertThat(moved.getProperty("DTSTART").getValue()).isEqualTo(compact(day) + "T130000Z");
        outside.purge();

        sendAnswer("REPLY", uid, 1, "DECLINED", null);
        await().atMost(WAIT).until(() -> scheduleOf(number).isNull());
        assertThat(appliance.ticket(number).get("manager").asText()).isEqualTo("ian");

        alice(number, "#schedule ian " + day + " 15:00 60m");
        MimeMessage third = await().atMost(WAIT).until(() -> outside.inbox("ian@partner.test"), l -> !l.isEmpty()).get(0);
        String newUid = parse(calendarPart(third)).getComponent("VEVENT").getProperty("UID").getValue();
        outside.purge();
        alice(number, "#unschedule");
        MimeMessage cancel = await().atMost(WAIT).until(() -> outside.inbox("ian@partner.test"), l -> !l.isEmpty()).get(0);
        net.fortuna.ical4j.model.Calendar cancelled = parse(calendarPart(cancel));
        assertThat(cancelled.getProperty("METHOD").getValue()).isEqualTo("CANCEL");
        assertThat(cancelled.getComponent("VEVENT").getProperty("UID").getValue()).isEqualTo(newUid);
        assertThat(cancelled.getComponent("VEVENT").getProperty("SEQUENCE").getValue()).isEqualTo("1");
    }

    @Test
    void anIcalAnswerToNoCurrentInvitationShouldBeHeldNotSentOn() throws Exception {
        String number = openTicket("Modem");

        sendAnswer("REPLY", "no-such-invitation@partner.test", 0, "ACCEPTED", null, number);

        await().atMost(WAIT).until(() -> appliance.get("/api/held").toString().contains("no-such-invitation@partner.test"));
        outside.awaitExactly(0, appliance.smtpPort()); // nothing reached dana or anyone
        assertThat(appliance.ticket(number).get("history")).hasSize(2); // the mail and its acknowledgment
    }

    @Test
    void anIcalCounterProposalIntoAnotherTicketShouldBeRefusedAndTheInvitationSentAgain() throws Exception {
        String first = openTicket("Cable");
        alice(first, "#schedule ian " + day + " 09:00 60m");
        await().atMost(WAIT).until(() -> outside.inbox("ian@partner.test"), l -> !l.isEmpty());
        outside.purge();
        String second = openTicket("Socket");
        alice(second, "#schedule ian " + day + " 14:00 60m");
        MimeMessage invitation = await().atMost(WAIT).until(() -> outside.inbox("ian@partner.test"), l -> !l.isEmpty()).get(0);
        String uid = uid(calendarPart(invitation));
        outside.purge();

        sendAnswer("COUNTER", uid, 0, null, "DTSTART:" + compact(day) + "T093000Z\r\nDTEND:" + compact(day) + "T103000Z\r\n");

        MimeMessage again = await().atMost(WAIT).until(() -> outside.inbox("ian@partner.test"), l -> !l.isEmpty()).get(0);
        assertThat(calendarPart(again)).contains("SEQUENCE:1").contains("DTSTART:" + compact(day) + "T140000Z");
        assertThat(scheduleOf(second).get("start").asText()).isEqualTo(at(14, 0).toString());
        assertThat(appliance.ticket(second).get("history").toString()).contains("the ticket stays at");
    }

    /** An iCalendar object, parsed with ical4j as a calendar client would. */
    private static net.fortuna.ical4j.model.Calendar parse(String ical) throws Exception {
        return new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.StringReader(ical));
    }

    private static String compact(LocalDate d) {
        return d.toString().replace("-", "");
    }

    private static String uid(String ical) {
        return ical.replace("\r\n ", "").lines().filter(l -> l.startsWith("UID:")).findFirst().orElseThrow().substring(4);
    }

    /** Ian's calendar client answers the invitation {@code uid}. */
    private void sendAnswer(String method, String uid, int sequence, String partStat, String times) throws Exception {
        sendAnswer(method, uid, sequence, partStat, times, "x");
    }

    /** Ian's calendar client answers the invitation {@code uid}. */
    private void sendAnswer(String method, String uid, int sequence, String partStat, String times, String ticket) throws Exception {
        String ical = "BEGIN:VCALENDAR\r\nPRODID:-//Test Client//EN\r\nVERSION:2.0\r\nMETHOD:" + method + "\r\nBEGIN:VEVENT\r\n"
                + "UID:" + uid + "\r\nSEQUENCE:" + sequence + "\r\nDTSTAMP:20261125T100000Z\r\n"
                + (times == null ? "" : times)
                + "ORGANIZER:mailto:" + SUPPORT + "\r\n"
                + "ATTENDEE" + (partStat == null ? "" : ";PARTSTAT=" + partStat) + ":mailto:ian@partner.test\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";
        String raw = "From: Ian Ical <ian@partner.test>\r\nTo: " + SUPPORT + "\r\nSubject: " + method + ": Ticket [" + ticket + "]\r\n"
                + "Message-ID: <" + java.util.UUID.randomUUID() + "@partner.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/calendar; method=" + method + "; charset=UTF-8\r\n\r\n" + ical;
        TestMails.sendRaw(raw.getBytes(StandardCharsets.UTF_8), List.of(SUPPORT), appliance.smtpPort());
    }

    private static String calendarPart(MimeMessage m) throws Exception {
        MimeMultipart parts = (MimeMultipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).getContentType().toLowerCase(java.util.Locale.ROOT).startsWith("text/calendar")) {
                return new String(parts.getBodyPart(i).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no text/calendar part in " + m.getContentType());
    }
}
