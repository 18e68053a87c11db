package org.ticketmail.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ticketmail.store.Attachment;
import org.ticketmail.store.Direction;
import org.ticketmail.store.HeldMail;
import org.ticketmail.store.HistoryEntry;
import org.ticketmail.store.Recipient;
import org.ticketmail.store.RecipientKind;
import org.ticketmail.store.Ticket;
import org.ticketmail.store.TicketStatus;
import org.ticketmail.store.TicketSummary;

/** The JSON view's field names and order are a contract (README, "The JSON view"): these pin the exact text. */
class JsonViewTest {
    private static final Instant CREATED = Instant.parse("2026-11-23T14:25:14.900Z");
    private static final Instant UPDATED = Instant.parse("2026-11-23T14:25:14.975Z");
    private static final Instant ON_THE_SECOND = Instant.parse("2026-11-23T14:26:00Z");

    @Test
    void ticketShouldBeWrittenWithEveryFieldInOrder() {
        Ticket ticket = new Ticket("2611-1000", "Printer broken", "acme", "dana@acme.test", "alice", TicketStatus.NEW,
                "normal", true, CREATED, UPDATED, null, null, false, null, null, 0);
        List<Recipient> recipients = List.of(Recipient.external("dana@acme.test", RecipientKind.TO),
                Recipient.employee("alice", "alice@helpdesk.test"));
        List<HistoryEntry> history = List.of(
                new HistoryEntry(1, "2611-1000", CREATED, Direction.IN, true, "Dana Customer <dana@acme.test>",
                        "Printer broken", "The printer on floor 2 is broken.", null, "<t1@acme.test>"),
                new HistoryEntry(2, "2611-1000", ON_THE_SECOND, Direction.OUT, false, "Alice Tech <alice@helpdesk.test>",
                        "Ticket [2611-1000] *123* Printer broken", "Ordered toner.", "internal: keyword in the subject",
                        null));
        Map<Long, List<Attachment>> attachments = Map.of(1L, List.of(), 2L, List.of(new Attachment("order.pdf", 12345)));

        String json = Json.writeCompact(JsonView.TicketView.from(ticket, recipients, history, attachments::get, List.of(), null, null, null, null));

        assertThat(json).isEqualTo("{\"number\":\"2611-1000\",\"subject\":\"Printer broken\",\"status\":\"new\","
                + "\"account\":\"acme\",\"contact\":\"dana@acme.test\",\"manager\":\"alice\",\"priority\":\"normal\","
                + "\"inInbox\":true,\"createdAt\":\"2026-11-23T14:25:14.900Z\",\"updatedAt\":\"2026-11-23T14:25:14.975Z\","
                + "\"resolution\":null,\"epilogue\":null,\"locked\":false,\"rating\":null,\"ratingComment\":null,\"timeUsedMinutes\":0,\"schedule\":null,\"suspect\":null,\"sla\":null,"
                + "\"recipients\":[{\"address\":\"dana@acme.test\",\"kind\":\"to\"},"
                + "{\"address\":\"alice@helpdesk.test\",\"kind\":\"employee\",\"employee\":\"alice\"}],"
                + "\"history\":["
                + "{\"at\":\"2026-11-23T14:25:14.900Z\",\"direction\":\"in\",\"public\":true,"
                + "\"sender\":\"Dana Customer <dana@acme.test>\",\"subject\":\"Printer broken\","
                + "\"text\":\"The printer on floor 2 is broken.\",\"messageId\":\"<t1@acme.test>\",\"attachments\":[]},"
                + "{\"at\":\"2026-11-23T14:26:00Z\",\"direction\":\"out\",\"public\":false,"
                + "\"sender\":\"Alice Tech <alice@helpdesk.test>\",\"subject\":\"Ticket [2611-1000] *123* Printer broken\","
                + "\"text\":\"Ordered toner.\",\"messageId\":null,\"note\":\"internal: keyword in the subject\","
                + "\"attachments\":[{\"name\":\"order.pdf\",\"size\":12345}]}],\"changes\":[]}");
    }

    @Test
    void ticketWithoutAccountContactOrManagerShouldWriteThemAsNull() {
        Ticket ticket = new Ticket("2611-1001", "Hello", null, null, null, TicketStatus.CLOSED, "normal", false, CREATED,
                UPDATED, null, null, false, null, null, 0);

        String json = Json.writeCompact(JsonView.TicketView.from(ticket, List.of(), List.of(), id -> List.of(), List.of(), null, null, null, null));

        assertThat(json).isEqualTo("{\"number\":\"2611-1001\",\"subject\":\"Hello\",\"status\":\"closed\","
                + "\"account\":null,\"contact\":null,\"manager\":null,\"priority\":\"normal\",\"inInbox\":false,"
                + "\"createdAt\":\"2026-11-23T14:25:14.900Z\",\"updatedAt\":\"2026-11-23T14:25:14.975Z\","
                + "\"resolution\":null,\"epilogue\":null,\"locked\":false,\"rating\":null,\"ratingComment\":null,\"timeUsedMinutes\":0,\"schedule\":null,\"suspect\":null,\"sla\":null,"
                + "\"recipients\":[],\"history\":[],\"changes\":[]}");
    }

    @Test
    void scheduleShouldWriteTheSlotTechnicianAndEvent() {
        org.ticketmail.store.Schedule schedule = new org.ticketmail.store.Schedule("alice", Instant.parse("2026-12-01T13:00:00Z"),
                Instant.parse("2026-12-01T14:30:00Z"), "Tue 2026-12-01 14:00–15:30 (Europe/Berlin)");
        org.ticketmail.store.CalendarEventRecord event = new org.ticketmail.store.CalendarEventRecord("2611-1000", "alice", "GOOGLE",
                "alice@helpdesk.test", "tm32363131v1", 0, schedule.start(), schedule.end(), "d", true, UPDATED);

        String json = Json.writeCompact(JsonView.ScheduleView.from(schedule, event));

        assertThat(json).isEqualTo("{\"start\":\"2026-12-01T13:00:00Z\",\"end\":\"2026-12-01T14:30:00Z\",\"technician\":\"alice\","
                + "\"label\":\"Tue 2026-12-01 14:00–15:30 (Europe/Berlin)\",\"eventId\":\"tm32363131v1\","
                + "\"calendar\":\"alice@helpdesk.test\",\"written\":true}");
    }

    @Test
    void ticketListShouldWriteSummaries() {
        String json = Json.writeCompact(JsonView.TicketList.from(List.of(
                new TicketSummary("2611-1000", "Printer broken", TicketStatus.REOPENED, UPDATED))));

        assertThat(json).isEqualTo("{\"tickets\":[{\"number\":\"2611-1000\",\"subject\":\"Printer broken\","
                + "\"status\":\"reopened\",\"updatedAt\":\"2026-11-23T14:25:14.975Z\"}]}");
    }

    @Test
    void heldMailShouldBeWrittenWithNullsKeptAndTheNextPage() {
        String json = Json.writeCompact(JsonView.HeldList.from(List.of(
                new HeldMail(8, ON_THE_SECOND, "bounce", null, "support@helpdesk.test", null, null, null, 120),
                new HeldMail(7, CREATED, "auto-reply: Auto-Submitted auto-replied", "dana@acme.test",
                        "support@helpdesk.test", "Out of office", "<ooo-1@acme.test>", "2611-1000", 2048)), 9, 2, true));

        assertThat(json).isEqualTo("{\"held\":["
                + "{\"id\":8,\"heldAt\":\"2026-11-23T14:26:00Z\",\"kind\":\"other\",\"reason\":\"bounce\",\"sender\":null,"
                + "\"recipients\":\"support@helpdesk.test\",\"subject\":null,\"messageId\":null,\"ticket\":null,\"size\":120,"
                + "\"message\":\"/api/held/8/message\",\"releasedAt\":null},"
                + "{\"id\":7,\"heldAt\":\"2026-11-23T14:25:14.900Z\",\"kind\":\"other\",\"reason\":\"auto-reply: Auto-Submitted auto-replied\","
                + "\"sender\":\"dana@acme.test\",\"recipients\":\"support@helpdesk.test\",\"subject\":\"Out of office\","
                + "\"messageId\":\"<ooo-1@acme.test>\",\"ticket\":\"2611-1000\",\"size\":2048,\"message\":\"/api/held/7/message\","
                + "\"releasedAt\":null}],"
                + "\"total\":9,\"next\":\"/api/held?before=7&limit=2\"}");
    }

    @Test
    void heldSpamShouldShowItsKindScoreAndRulesAndPageWithinItsKind() {
        String reason = org.ticketmail.mailets.SpamFilter.holdReason(new org.ticketmail.mailets.SpamFilter.Verdict(
                org.ticketmail.mailets.SpamFilter.Kind.SPAM, 1000.0, List.of("GTUBE", "MISSING_DATE"), "SpamAssassin score 1000.0"));
        String json = Json.writeCompact(JsonView.HeldList.from(List.of(
                new HeldMail(5, CREATED, reason, "x@spam.test", "support@helpdesk.test", "Win", "<w@spam.test>", null, 900)), 3, 1, true, "spam"));

        assertThat(json).isEqualTo("{\"held\":[{\"id\":5,\"heldAt\":\"2026-11-23T14:25:14.900Z\",\"kind\":\"spam\","
                + "\"reason\":\"spam: score 1000.0; rules GTUBE, MISSING_DATE; SpamAssassin score 1000.0\",\"sender\":\"x@spam.test\","
                + "\"recipients\":\"support@helpdesk.test\",\"subject\":\"Win\",\"messageId\":\"<w@spam.test>\",\"ticket\":null,"
                + "\"size\":900,\"message\":\"/api/held/5/message\",\"releasedAt\":null,\"score\":1000.0,\"rules\":[\"GTUBE\",\"MISSING_DATE\"]}],"
                + "\"total\":3,\"next\":\"/api/held?reason=spam&before=5&limit=1\"}");
    }

    @Test
    void theLastPageOfHeldMailShouldHaveNoNext() {
        assertThat(Json.writeCompact(JsonView.HeldList.from(List.of(), 0, 100, false))).isEqualTo("{\"held\":[],\"total\":0,\"next\":null}");
    }

    @Test
    void errorShouldWriteMessageThenStatus() {
        assertThat(Json.writeCompact(JsonView.ErrorBody.from(404, "no ticket 0000-0000")))
                .isEqualTo("{\"error\":\"no ticket 0000-0000\",\"status\":404}");
    }

    @Test
    void healthShouldSayUpWithEachComponent() {
        java.util.Map<String, Health.Component> components = new java.util.LinkedHashMap<>();
        components.put("store", new Health.Component("up", "Derby answers"));
        components.put("calendar", new Health.Component("off", "no Google calendar set up"));

        assertThat(Json.writeCompact(JsonView.HealthView.from(true, components))).isEqualTo("{\"status\":\"up\",\"components\":{"
                + "\"store\":{\"status\":\"up\",\"detail\":\"Derby answers\"},\"calendar\":{\"status\":\"off\",\"detail\":"
                + "\"no Google calendar set up\"}}}");
    }

    @Test
    void indentedOutputShouldCarryTheSameFields() {
        assertThat(Json.write(JsonView.ErrorBody.from(400, "bad")))
                .isEqualToIgnoringWhitespace("{\"error\":\"bad\",\"status\":400}");
    }
}
