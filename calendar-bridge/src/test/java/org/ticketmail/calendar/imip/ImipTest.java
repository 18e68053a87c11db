package org.ticketmail.calendar.imip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Stream;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ticketmail.calendar.TimeSpan;

class ImipTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String UID = "ticket-2611-1042@helpdesk.test";
    private static final String TITLE = "#2611-1042 – Drucker – Störung : Acme Corp (high)";
    private static final TimeSpan SPAN = new TimeSpan(Instant.parse("2026-12-01T13:00:00Z"),
            Instant.parse("2026-12-01T14:30:00Z"));

    private static Invitation invitation() {
        return new Invitation(UID, 0, "support@helpdesk.test", "Helpdesk Support", "alice@helpdesk.test",
                "Alice Tech", TITLE, "Der Drucker im 2. Stock druckt nicht.\nBitte prüfen; danke, Dana", SPAN,
                Instant.parse("2026-11-28T09:15:22Z"));
    }

    private static Invitation invitation(int sequence, String attendeeName) {
        Invitation i = invitation();
        return new Invitation(i.uid(), sequence, i.organizerAddress(), i.organizerName(), i.attendeeAddress(),
                attendeeName, i.title(), i.description(), i.span(), i.stamp());
    }

    /** The text as ical4j reads it, through its own builder and unfolding. */
    private static Calendar ical4j(String text) throws Exception {
        return new CalendarBuilder().build(new StringReader(text));
    }

    private static List<String> unfoldedLines(String text) {
        return Arrays.asList(text.replace("\r\n ", "").split("\r\n"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ImipTest.class.getResourceAsStream("/imip/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void requestShouldHoldEveryPropertyAnInvitationNeeds() throws Exception {
        Calendar calendar = ical4j(Imip.request(invitation()));
        VEvent event = calendar.getComponent(Component.VEVENT);

        assertThat(calendar.getProductId().getValue()).isEqualTo("-//ticketmail//ticketmail//EN");
        assertThat(calendar.getVersion().getValue()).isEqualTo("2.0");
        assertThat(calendar.getMethod().getValue()).isEqualTo("REQUEST");
        assertThat(calendar.getComponents()).hasSize(1);
        assertThat(event.getUid().getValue()).isEqualTo(UID);
        assertThat(event.getSequence().getSequenceNo()).isZero();
        assertThat(event.getDateStamp().getDate().toInstant()).isEqualTo(Instant.parse("2026-11-28T09:15:22Z"));
        assertThat(event.getStartDate().getDate().toInstant()).isEqualTo(SPAN.start());
        assertThat(event.getEndDate().getDate().toInstant()).isEqualTo(SPAN.end());
        assertThat(event.getStartDate().isUtc()).isTrue();
        assertThat(event.getSummary().getValue()).isEqualTo(TITLE);
        assertThat(event.getDescription().getValue()).isEqualTo("Der Drucker im 2. Stock druckt nicht.\nBitte prüfen; danke, Dana");
        assertThat(event.getOrganizer().getValue()).isEqualTo("mailto:support@helpdesk.test");
        assertThat(event.getOrganizer().getParameter(Parameter.CN).getValue()).isEqualTo("Helpdesk Support");
        Property attendee = event.getProperty(Property.ATTENDEE);
        assertThat(attendee.getValue()).isEqualTo("mailto:alice@helpdesk.test");
        assertThat(attendee.getParameter(Parameter.CN).getValue()).isEqualTo("Alice Tech");
        assertThat(attendee.getParameter(Parameter.ROLE).getValue()).isEqualTo("REQ-PARTICIPANT");
        assertThat(attendee.getParameter(Parameter.PARTSTAT).getValue()).isEqualTo("NEEDS-ACTION");
        assertThat(attendee.getParameter(Parameter.RSVP).getValue()).isEqualTo("TRUE");
        assertThat(event.getStatus().getValue()).isEqualTo("CONFIRMED");
        assertThat(event.getTransparency().getValue()).isEqualTo("OPAQUE");
    }

    @Test
    void requestShouldWriteTheKeyLinesExactly() {
        assertThat(unfoldedLines(Imip.request(invitation()))).containsSubsequence(
                "BEGIN:VCALENDAR",
                "PRODID:-//ticketmail//ticketmail//EN",
                "VERSION:2.0",
                "METHOD:REQUEST",
                "BEGIN:VEVENT",
                "UID:ticket-2611-1042@helpdesk.test",
                "SEQUENCE:0",
                "DTSTAMP:20261128T091522Z",
                "DTSTART:20261201T130000Z",
                "DTEND:20261201T143000Z",
                "SUMMARY:#2611-1042 – Drucker – Störung : Acme Corp (high)",
                "DESCRIPTION:Der Drucker im 2. Stock druckt nicht.\\nBitte prüfen\\; danke\\, Dana",
                "ORGANIZER;CN=Helpdesk Support:mailto:support@helpdesk.test",
                "ATTENDEE;CN=Alice Tech;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:alice@helpdesk.test",
                "STATUS:CONFIRMED",
                "TRANSP:OPAQUE",
                "END:VEVENT",
                "END:VCALENDAR");
    }

    @Test
    void requestShouldEndEveryLineWithCrLf() {
        String text = Imip.request(invitation());

        assertThat(text).endsWith("END:VCALENDAR\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void requestShouldFoldLinesAt75OctetsWithoutSplittingCharacters() {
        Invitation i = invitation();
        String longTitle = "Störung – Drücker ".repeat(8) + "🖨 Ende";
        String text = Imip.request(new Invitation(i.uid(), 0, i.organizerAddress(), "Jürgen Müller-Lüdenscheidt",
                i.attendeeAddress(), "Zoë Ångström", longTitle, i.description(), i.span(), i.stamp()));

        for (String line : text.split("\r\n")) {
            assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
            assertThat(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).as("whole characters")
                    .isEqualTo(line);
        }
        assertThat(unfoldedLines(text)).contains("SUMMARY:" + longTitle);
    }

    @Test
    void requestShouldKeepNonAsciiTitlesAndNames() throws Exception {
        VEvent event = ical4j(Imip.request(invitation(0, "Jürgen \"JM\" Müller, Field"))).getComponent(Component.VEVENT);

        assertThat(event.getSummary().getValue()).isEqualTo("#2611-1042 – Drucker – Störung : Acme Corp (high)");
        assertThat(event.getProperty(Property.ATTENDEE).getParameter(Parameter.CN).getValue())
                .isEqualTo("Jürgen \"JM\" Müller, Field");
    }

    @Test
    void requestShouldLeaveOutCnWhenThereIsNoName() {
        assertThat(unfoldedLines(Imip.request(invitation(0, null))))
                .contains("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:alice@helpdesk.test");
    }

    @Test
    void requestShouldSatisfyIcal4jsValidation() throws Exception {
        ical4j(Imip.request(invitation())).validate(true);
    }

    @Test
    void cancelShouldCancelTheSameUidWithTheGivenSequence() throws Exception {
        String text = Imip.cancel(invitation(1, "Alice Tech"));
        VEvent event = ical4j(text).getComponent(Component.VEVENT);

        assertThat(ical4j(text).getMethod().getValue()).isEqualTo("CANCEL");
        assertThat(event.getUid().getValue()).isEqualTo(UID);
        assertThat(event.getSequence().getSequenceNo()).isEqualTo(1);
        assertThat(event.getStatus().getValue()).isEqualTo("CANCELLED");
        assertThat(unfoldedLines(text)).contains("METHOD:CANCEL", "STATUS:CANCELLED", "SEQUENCE:1",
                "ATTENDEE;CN=Alice Tech;ROLE=REQ-PARTICIPANT:mailto:alice@helpdesk.test");
    }

    @Test
    void cancelShouldSatisfyIcal4jsValidation() throws Exception {
        ical4j(Imip.cancel(invitation(1, "Alice Tech"))).validate(true);
    }

    @Test
    void readShouldReadBackARequest() throws Exception {
        assertThat(Imip.read(Imip.request(invitation()), BERLIN))
                .isEqualTo(new Answer("REQUEST", UID, 0, "alice@helpdesk.test", "NEEDS-ACTION", null, null));
    }

    @Test
    void readShouldTakeOutlooksAcceptance() throws Exception {
        assertThat(Imip.read(resource("outlook-reply.ics"), BERLIN)).isEqualTo(new Answer("REPLY", UID, 0,
                "alice.tech@helpdesk.test", "ACCEPTED", null, "Passt, ich bringe den Toner mit."));
    }

    @Test
    void readShouldTakeApplesDecline() throws Exception {
        assertThat(Imip.read(resource("apple-reply.ics"), BERLIN))
                .isEqualTo(new Answer("REPLY", UID, 2, "bob@helpdesk.test", "DECLINED", null, null));
    }

    @Test
    void readShouldTakeGooglesAcceptance() throws Exception {
        assertThat(Imip.read(resource("google-reply.ics"), BERLIN))
                .isEqualTo(new Answer("REPLY", UID, 0, "carol.contractor@gmail.example", "ACCEPTED", null, null));
    }

    @Test
    void readShouldTakeThunderbirdsTentativeAnswer() throws Exception {
        assertThat(Imip.read(resource("thunderbird-reply.ics"), BERLIN)).isEqualTo(new Answer("REPLY", UID, 1,
                "dave@helpdesk.test", "TENTATIVE", null, "Ich komme vielleicht eine Viertelstunde später."));
    }

    @Test
    void readShouldUnfoldLinesFoldedAfterBareLineFeeds() throws Exception {
        String text = resource("google-reply.ics").replace("\r\n", "\n");

        assertThat(Imip.read(text, BERLIN).attendeeAddress()).isEqualTo("carol.contractor@gmail.example");
    }

    @Test
    void readShouldTakeTheProposalOfOutlooksCounterInItsVtimezone() throws Exception {
        Answer answer = Imip.read(resource("outlook-counter.ics"), ZoneId.of("UTC"));

        assertThat(answer.method()).isEqualTo("COUNTER");
        assertThat(answer.attendeeAddress()).isEqualTo("alice.tech@helpdesk.test");
        assertThat(answer.partStat()).isEqualTo("TENTATIVE");
        assertThat(answer.comment()).isEqualTo("Vormittags bin ich bei einem anderen Kunden. Geht es um 15:00?");
        assertThat(answer.proposed()).isEqualTo(new TimeSpan(Instant.parse("2026-12-01T14:00:00Z"),
                Instant.parse("2026-12-01T15:30:00Z")));
    }

    @Test
    void readShouldTakeSummerTimeFromTheVtimezoneOfACounter() throws Exception {
        Answer answer = Imip.read(resource("counter-tzid.ics"), ZoneId.of("UTC"));

        assertThat(answer).isEqualTo(new Answer("COUNTER", "ticket-2606-0077@helpdesk.test", 3, "dave@helpdesk.test",
                "NEEDS-ACTION", new TimeSpan(Instant.parse("2026-06-16T08:00:00Z"), Instant.parse("2026-06-16T09:30:00Z")),
                "Dienstag Vormittag passt besser."));
    }

    @Test
    void readShouldReadFloatingTimesInTheDefaultZoneAndADuration() throws Exception {
        Answer answer = Imip.read(resource("counter-floating.ics"), BERLIN);

        assertThat(answer.proposed()).isEqualTo(new TimeSpan(Instant.parse("2026-12-02T08:00:00Z"),
                Instant.parse("2026-12-02T09:30:00Z")));
        assertThat(answer.attendeeAddress()).isEqualTo("erin@acme.test");
    }

    @Test
    void readShouldTakeAnIanaTzidThatTheTextDoesNotDefine() throws Exception {
        Answer answer = Imip.read(counter("DTSTART;TZID=America/New_York:20261201T090000",
                "DTEND;TZID=America/New_York:20261201T100000"), BERLIN);

        assertThat(answer.proposed()).isEqualTo(new TimeSpan(Instant.parse("2026-12-01T14:00:00Z"),
                Instant.parse("2026-12-01T15:00:00Z")));
    }

    /** ical4j's own dates first read a TZID's time in the JVM's zone, and so would make this 03:30. */
    @Test
    void readShouldNotMoveATimeThatOnlyTheJvmsZoneSkips() throws Exception {
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try {
            Answer answer = Imip.read(counter("DTSTART;TZID=America/New_York:20260329T023000", "DURATION:PT1H"), BERLIN);

            assertThat(answer.proposed().start()).isEqualTo(Instant.parse("2026-03-29T06:30:00Z"));
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    @Test
    void readShouldMoveATimeInTheSpringGapForwardAsTheVtimezoneSays() throws Exception {
        String text = resource("counter-tzid.ics").replace("20260616T100000", "20260329T023000")
                .replace("20260616T113000", "20260329T043000");

        assertThat(Imip.read(text, ZoneId.of("UTC")).proposed()).isEqualTo(new TimeSpan(
                Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-03-29T02:30:00Z")));
    }

    @Test
    void readShouldTakeTheEarlierOfATimeThatHappensTwiceInAutumn() throws Exception {
        String text = resource("counter-tzid.ics").replace("20260616T100000", "20261025T023000")
                .replace("20260616T113000", "20261025T043000");

        assertThat(Imip.read(text, ZoneId.of("UTC")).proposed().start()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void readShouldTakeTheEmailParameterWhenTheAttendeeIsNoMailto() throws Exception {
        String text = reply("ATTENDEE;EMAIL=Frank@Acme.test;PARTSTAT=DELEGATED;DELEGATED-TO=\"mailto:gina@acme.test\""
                + ":urn:uuid:8d2e4f50-1c4b-4d6a-9a7e-0a1b2c3d4e5f");

        assertThat(Imip.read(text, BERLIN)).isEqualTo(new Answer("REPLY", UID, 0, "frank@acme.test", "DELEGATED", null,
                null));
    }

    @Test
    void readShouldOverlookPropertiesAndParametersItDoesNotNeedWhenIcal4jRefusesThem() throws Exception {
        String text = reply("ATTENDEE;PARTSTAT=ACCEPTED;DIR=\"not a uri\":mailto:alice@helpdesk.test")
                .replace("DTSTAMP:", "URL:http://intranet/ticket 1042\r\nGEO:north\r\nNOT-A-PROPERTY:1\r\nDTSTAMP:");

        assertThat(Imip.read(text, BERLIN)).isEqualTo(new Answer("REPLY", UID, 0, "alice@helpdesk.test", "ACCEPTED",
                null, null));
    }

    @Test
    void readShouldUseTheSystemZoneForFloatingTimesWithoutADefaultZone() throws Exception {
        Answer answer = Imip.read(resource("counter-floating.ics"));

        assertThat(answer.proposed().start())
                .isEqualTo(java.time.LocalDateTime.of(2026, 12, 2, 9, 0).atZone(ZoneId.systemDefault()).toInstant());
    }

    @Test
    void readShouldNeedNoIcal4jProperties() throws Exception {
        assertThat(ImipTest.class.getResource("/ical4j.properties")).as("ical4j.properties on the classpath").isNull();

        assertThat(Imip.read(resource("outlook-counter.ics"), BERLIN).proposed()).isNotNull();
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of(null, "not iCalendar: the text is empty"),
                Arguments.of(" \r\n ", "not iCalendar: the text is empty"),
                Arguments.of("Hello Bob,\r\nsee you on Tuesday.\r\n",
                        "not iCalendar: it starts with 'Hello Bob,' instead of BEGIN:VCALENDAR"),
                Arguments.of("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n",
                        "not iCalendar: it starts with 'BEGIN:VCARD' instead of BEGIN:VCALENDAR"),
                Arguments.of("BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n",
                        "unreadable iCalendar at line 3: Unexpected end of file"),
                Arguments.of("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nATTENDEE:mailto:a@b.test\r\n"
                        + "END:VEVENT\r\nEND:VCALENDAR\r\n",
                        "the iCalendar text has no METHOD; an answer to an invitation says METHOD:REPLY or METHOD:COUNTER"),
                Arguments.of("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VTODO\r\nUID:x\r\nEND:VTODO\r\n"
                        + "END:VCALENDAR\r\n", "the iCalendar text (METHOD:REPLY) holds no VEVENT"),
                Arguments.of(reply(null).replace("UID:" + UID + "\r\n", ""),
                        "the VEVENT (METHOD:REPLY) has no UID, so it answers no invitation"),
                Arguments.of(reply(null),
                        "the VEVENT of UID ticket-2611-1042@helpdesk.test has no ATTENDEE, so nobody answers"),
                Arguments.of(reply("ATTENDEE;PARTSTAT=ACCEPTED:urn:uuid:8d2e4f50"),
                        "the ATTENDEE 'urn:uuid:8d2e4f50' is no mailto: address"),
                Arguments.of(counter("DTSTART:2026-12-01 14:00", "DTEND:20261201T150000Z"),
                        "unreadable iCalendar at line 7: Unparseable date: \"2026-12-01 14:00\""),
                Arguments.of(counter("DTSTART;TZID=Mars/Olympus_Mons:20261201T140000", "DURATION:PT1H"),
                        "the DTSTART of TZID 'Mars/Olympus_Mons' cannot be read: the text defines no such VTIMEZONE"
                                + " and it is no IANA zone"),
                Arguments.of(counter("DTSTART:20261201T140000Z", "X-NOTHING:1"),
                        "the COUNTER proposes DTSTART 20261201T140000Z but neither DTEND nor DURATION"),
                Arguments.of(counter("X-NOTHING:1", "DTEND:20261201T140000Z"), "the COUNTER proposes no DTSTART"),
                Arguments.of(counter("DTSTART:20261201T140000Z", "DTEND:20261201T130000Z"),
                        "the COUNTER proposes an end 2026-12-01T13:00:00Z not after its start 2026-12-01T14:00:00Z"),
                Arguments.of(reply("ATTENDEE:mailto:alice@helpdesk.test").replace("DTSTAMP:", "SEQUENCE:one\r\nDTSTAMP:"),
                        "unreadable iCalendar at line 7: For input string: \"one\""),
                Arguments.of(reply("ATTENDEE:mailto:alice@helpdesk.test").replace("END:VEVENT", "END:VTODO"),
                        "unreadable iCalendar at line 9: Expected [VEVENT], read [VTODO]"));
    }

    @ParameterizedTest
    @MethodSource("unreadable")
    void readShouldRefuseWhatIsNoAnswer(String text, String reason) {
        assertThatThrownBy(() -> Imip.read(text, BERLIN)).isInstanceOf(ImipException.class).hasMessage(reason);
    }

    /** A REPLY to {@link #UID} with {@code attendeeLine}, or none when null. */
    private static String reply(String attendeeLine) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:" + UID
                + "\r\nDTSTAMP:20261128T100000Z\r\n" + (attendeeLine == null ? "" : attendeeLine + "\r\n")
                + "END:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    /** A COUNTER to {@link #UID} from alice proposing {@code start} and {@code end} (lines 7 and 8). */
    private static String counter(String start, String end) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:COUNTER\r\nBEGIN:VEVENT\r\nUID:" + UID
                + "\r\n" + start + "\r\n" + end + "\r\nATTENDEE:mailto:alice@helpdesk.test\r\n"
                + "DTSTAMP:20261128T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }
}
